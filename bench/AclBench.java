import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mdm.acl.KeyAclWriter;
import org.mdm.acl.OneGrant;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.catalog.AclText;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.Grants;
import org.mdm.catalog.NsPath;
import org.mdm.cli.MdmConfig;
import org.mdm.hydra.keyserver.AclChange;
import org.mdm.hydra.keyserver.KeyServers;
import org.mdm.hydra.keyserver.KeyServersConfig;
import org.mdm.hydra.protocol.AclDocument;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.PrincipalExtractor;
import org.mdm.security.VomsAttributes;

/**
 * One grant on a registered series in one warm JVM (no JVM start, one key-server client kept
 * open, as a running service would), against the old way: one single-key ACL PUT per key per
 * server, key after key, as glite-eds-setacl did.
 *
 * <pre>
 *   java -cp "mdm/target/mdm-*.jar:mdm/target/lib/*" bench/AclBench.java CONFIG SERIES_DIR GRANTEE_DN ROUNDS BASE_ROUNDS [KEY=VALUE...]
 * </pre>
 * CONFIG is the site's properties (as mdm --config), KEY=VALUE override it (as mdm -D). After one
 * unmeasured grant and revocation, ROUNDS times: {@link OneGrant#set} of {@code dn:GRANTEE_DN:r}
 * on SERIES_DIR, then {@link OneGrant#remove} of it, built as {@code mdm acl set|del} builds them.
 * A {@link KeyAclWriter} around the key servers' bulk route ({@link KeyServers#setAclAll}) times
 * the three parts of each: the catalogue's work before the key servers (target, name space, file
 * catalogue, metadata), the key servers, and the rest of the transaction (its commit). The baseline
 * then replays, with {@link KeyServers#setAcl} one key after another, the very ACLs the grant and
 * the revocation sent (one unmeasured pair on the first 50 keys, then BASE_ROUNDS pairs). Ends with the
 * ACLs as they were. Prints {@code key=value} lines (seconds, medians) last.
 */
public class AclBench {
    public static void main(String[] args) throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String kv : Arrays.copyOfRange(args, 5, args.length)) {
            overrides.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        MdmConfig config = MdmConfig.load(java.nio.file.Path.of(args[0]), overrides);
        String series = args[1];
        String grantee = args[2];
        int rounds = Integer.parseInt(args[3]);
        int baseRounds = Integer.parseInt(args[4]);

        GridTrust trust = GridTrust.fromDirectory(config.path("grid.cert.dir"));
        GridCredential proxy = Credentials.loadProxy(config.path("grid.proxy"));
        trust.validate(proxy.chain());
        GridPrincipal caller;
        try (VomsAttributes voms = VomsAttributes.create(config.path("grid.vomsdir"), trust)) {
            caller = new PrincipalExtractor(voms).principal(proxy.chain());
        }
        String seDn;
        try (InputStream in = Files.newInputStream(config.path("se.host.cert"))) {
            seDn = GridTrust.dn((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        List<org.mdm.catalog.AclEntry> grant = AclText.parse("dn:" + grantee + ":r");
        List<org.mdm.catalog.AclEntry> revoke = AclText.parsePrincipals("dn:" + grantee);

        try (KeyServers servers = new KeyServers(keyServersConfig(config), proxy, trust);
                CatalogDatabase db = config.get("catalog.jdbc.url").isEmpty()
                        ? CatalogDatabase.openH2(config.path("catalog.db.dir"))
                        : CatalogDatabase.open(config.get("catalog.jdbc.url"), null, null)) {
            int n = keyServersConfig(config).servers().size();
            TimedWriter keys = new TimedWriter(servers);
            OneGrant oneGrant = new OneGrant(db, keys, seDn, NsPath.parse(config.get("register.path")),
                    NsPath.parse(config.get("register.lfn")));

            // Unmeasured: class loading, JIT, the client's connections. Checks what one grant did.
            Parts set = measure(keys, () -> oneGrant.set(series, grant, caller, Grants.Scope.RECURSIVE), n);
            String probe = keys.last.keySet().iterator().next();
            Map<String, List<AclEntry>> granted = keys.last;
            requireGrantee(servers.getAcl(probe), grantee, true, n);
            Parts del = measure(keys, () -> oneGrant.remove(series, revoke, caller, Grants.Scope.RECURSIVE), n);
            Map<String, List<AclEntry>> revoked = keys.last;
            requireGrantee(servers.getAcl(probe), grantee, false, n);
            int images = granted.size();
            if (revoked.size() != images) {
                throw new IllegalStateException("the grant changed " + images + " keys, the revocation " + revoked.size());
            }
            System.out.printf("  warm-up: grant %.3f s, revocation %.3f s, %d image keys on %d key servers%n",
                    set.total, del.total, images, n);

            List<Parts> sets = new ArrayList<>();
            List<Parts> dels = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                sets.add(measure(keys, () -> oneGrant.set(series, grant, caller, Grants.Scope.RECURSIVE), n));
                dels.add(measure(keys, () -> oneGrant.remove(series, revoke, caller, Grants.Scope.RECURSIVE), n));
            }

            // The baseline: the same ACLs, one key at a time (each PUT to the n servers at once).
            oneByOne(servers, first(granted, 50));
            oneByOne(servers, first(revoked, 50));
            double[] baseSet = new double[baseRounds];
            double[] baseDel = new double[baseRounds];
            for (int r = 0; r < baseRounds; r++) {
                baseSet[r] = oneByOne(servers, granted);
                baseDel[r] = oneByOne(servers, revoked);
            }
            requireGrantee(servers.getAcl(probe), grantee, false, n);

            System.out.println("images=" + images);
            System.out.println("jvm.cold.set.s=" + fmt(set.total));
            System.out.println("jvm.cold.del.s=" + fmt(del.total));
            System.out.println("servers=" + n);
            print("jvm.set", sets);
            print("jvm.del", dels);
            System.out.println("base.set.s=" + fmt(median(baseSet)));
            System.out.println("base.del.s=" + fmt(median(baseDel)));
        } finally {
            trust.close();
        }
    }

    /** The key servers' client as mdm builds it from hydra.* (GridSettings.keyServersConfig). */
    static KeyServersConfig keyServersConfig(MdmConfig config) throws MdmException {
        List<URI> uris = new ArrayList<>();
        for (String s : config.get("hydra.servers").split(",")) {
            if (!s.isBlank()) {
                uris.add(URI.create(s.trim()));
            }
        }
        Duration connect = Duration.ofMillis(config.positiveInt("hydra.connect.timeout.ms"));
        Duration request = Duration.ofMillis(config.positiveInt("hydra.request.timeout.ms"));
        Duration total = connect.plus(request).compareTo(KeyServersConfig.DEFAULT_TOTAL) > 0 ? connect.plus(request)
                : KeyServersConfig.DEFAULT_TOTAL;
        return new KeyServersConfig(uris, config.positiveInt("hydra.threshold"), connect, request, total,
                Duration.ofMillis(config.nonNegativeInt("hydra.hedge.delay.ms")), config.positiveInt("hydra.batch.size"));
    }

    /** Seconds of one change: the whole, and its catalogue / key servers / commit parts. */
    record Parts(double total, double catalogue, double keyServers, double commit) {
    }

    interface Change {
        OneGrant.Report run() throws MdmException;
    }

    static Parts measure(TimedWriter keys, Change change, int n) throws MdmException {
        long t0 = System.nanoTime();
        OneGrant.Report report = change.run();
        long t3 = System.nanoTime();
        if (report.keysByServer().size() != n
                || report.keysByServer().values().stream().anyMatch(k -> k != keys.last.size())) {
            throw new IllegalStateException("expected " + keys.last.size() + " keys on each of " + n + " servers: "
                    + report.keysByServer());
        }
        return new Parts((t3 - t0) / 1e9, (keys.entered - t0) / 1e9, (keys.left - keys.entered) / 1e9,
                (t3 - keys.left) / 1e9);
    }

    /** The bulk route as mdm acl uses it (KeyServersAclWriter), noting when it ran and what it sent. */
    static final class TimedWriter implements KeyAclWriter {
        final KeyServers servers;
        long entered;
        long left;
        Map<String, List<AclEntry>> last;

        TimedWriter(KeyServers servers) {
            this.servers = servers;
        }

        @Override
        public Applied setAll(Map<String, List<AclEntry>> aclByKey, Map<String, List<AclEntry>> before)
                throws MdmException {
            entered = System.nanoTime();
            AclChange change = servers.setAclAll(aclByKey);
            left = System.nanoTime();
            last = new LinkedHashMap<>(aclByKey);
            Map<String, Integer> byServer = new LinkedHashMap<>();
            change.keysByServer().forEach((uri, k) -> byServer.put(uri.toString(), k));
            return new Applied() {
                @Override
                public Map<String, Integer> keysByServer() {
                    return byServer;
                }

                @Override
                public void undo() throws MdmException {
                    servers.setAclAll(before);
                }
            };
        }
    }

    /** Seconds to set each key's ACL with one single-key call, one key after another. */
    static double oneByOne(KeyServers servers, Map<String, List<AclEntry>> acls) throws MdmException {
        long t0 = System.nanoTime();
        for (Map.Entry<String, List<AclEntry>> e : acls.entrySet()) {
            servers.setAcl(e.getKey(), e.getValue());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    static Map<String, List<AclEntry>> first(Map<String, List<AclEntry>> acls, int count) {
        Map<String, List<AclEntry>> some = new LinkedHashMap<>();
        acls.entrySet().stream().limit(count).forEach(e -> some.put(e.getKey(), e.getValue()));
        return some;
    }

    /** Every server answered and its ACL of the key names the grantee (or no longer does). */
    static void requireGrantee(Map<URI, AclDocument> acls, String grantee, boolean present, int n) {
        if (acls.size() != n) {
            throw new IllegalStateException("only " + acls.size() + " of " + n + " key servers answered: " + acls.keySet());
        }
        for (Map.Entry<URI, AclDocument> e : acls.entrySet()) {
            boolean has = e.getValue().acl().stream().anyMatch(a -> a.name().equals(grantee));
            if (has != present) {
                throw new IllegalStateException(e.getKey() + (present ? " lacks" : " still has") + " the grantee");
            }
        }
    }

    static void print(String name, List<Parts> parts) {
        System.out.println(name + ".s=" + fmt(median(parts.stream().mapToDouble(Parts::total).toArray())));
        System.out.println(name + ".catalogue.s=" + fmt(median(parts.stream().mapToDouble(Parts::catalogue).toArray())));
        System.out.println(name + ".keys.s=" + fmt(median(parts.stream().mapToDouble(Parts::keyServers).toArray())));
        System.out.println(name + ".commit.s=" + fmt(median(parts.stream().mapToDouble(Parts::commit).toArray())));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String fmt(double d) {
        return String.format("%.4f", d);
    }
}
