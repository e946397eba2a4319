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
 * One grant on registered series in one warm JVM (no JVM start, one key-server client per site
 * kept open, as a running service would), against the old way: one single-key ACL PUT per key
 * per server, key after key, as glite-eds-setacl did.
 *
 * <pre>
 *   java -cp "mdm/target/mdm-*.jar:mdm/target/lib/*" bench/AclBench.java CONFIG GRANTEE_DN ROUNDS BASE_ROUNDS \
 *       SERIES_DIR SERVERS CATALOG_DIR [SERIES_DIR SERVERS CATALOG_DIR...]
 * </pre>
 * CONFIG is the site's properties (as mdm --config); each triple is one site: a registered series,
 * its key servers (hydra.servers) and its catalogue (catalog.db.dir), which override CONFIG. Per
 * site, one unmeasured grant and revocation ({@link OneGrant#set} of {@code dn:GRANTEE_DN:r} on
 * the series and {@link OneGrant#remove} of it, built as {@code mdm acl set|del} builds them);
 * then ROUNDS rounds, each a grant and a revocation on every site, the sites in a rotating order
 * so that load from elsewhere falls on all of them alike. A {@link KeyAclWriter} around the key
 * servers' bulk route ({@link KeyServers#setAclAll}) times three parts of each change: the
 * catalogue's work before the key servers (target, name space, file catalogue, metadata), the key
 * servers, and the rest of the transaction (its commit). The baseline then replays, with
 * {@link KeyServers#setAcl} one key after another, the very ACLs the grant and the revocation sent
 * (one unmeasured pair on the first 50 keys of each site, then BASE_ROUNDS rotating rounds). Ends
 * with the ACLs as they were. Prints {@code key=value} lines (seconds, medians), each key ending
 * with the site's number of key servers.
 */
public class AclBench {
    public static void main(String[] args) throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of(args[0]);
        String grantee = args[1];
        int rounds = Integer.parseInt(args[2]);
        int baseRounds = Integer.parseInt(args[3]);
        MdmConfig config = MdmConfig.load(file, Map.of());
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
        List<Site> sites = new ArrayList<>();
        try {
            for (int i = 4; i + 2 < args.length; i += 3) {
                MdmConfig c = MdmConfig.load(file, Map.of("hydra.servers", args[i + 1], "catalog.db.dir", args[i + 2]));
                sites.add(new Site(c, args[i], proxy, trust, seDn, caller, grant, revoke));
            }
            for (Site site : sites) { // unmeasured: class loading, JIT, connections; checks what a grant does
                site.warmUp(grantee);
            }
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < sites.size(); i++) {
                    Site site = sites.get((i + r) % sites.size());
                    site.sets.add(site.change(true));
                    site.dels.add(site.change(false));
                }
            }
            for (Site site : sites) { // the baseline's warm-up
                oneByOne(site.servers, first(site.granted, 50));
                oneByOne(site.servers, first(site.revoked, 50));
            }
            for (int r = 0; r < baseRounds; r++) {
                for (int i = 0; i < sites.size(); i++) {
                    Site site = sites.get((i + r) % sites.size());
                    site.baseSet.add(oneByOne(site.servers, site.granted));
                    site.baseDel.add(oneByOne(site.servers, site.revoked));
                }
            }
            for (Site site : sites) {
                requireGrantee(site.servers.getAcl(site.probe), grantee, false, site.n);
                String n = "." + site.n + "=";
                System.out.println("images" + n + site.granted.size());
                System.out.println("jvm.cold.set.s" + n + fmt(site.coldSet.total));
                System.out.println("jvm.cold.del.s" + n + fmt(site.coldDel.total));
                print("jvm.set", site.sets, n);
                print("jvm.del", site.dels, n);
                System.out.println("base.set.s" + n + fmt(median(site.baseSet)));
                System.out.println("base.del.s" + n + fmt(median(site.baseDel)));
            }
        } finally {
            for (Site site : sites) {
                site.close();
            }
            trust.close();
        }
    }

    /** One registered series with its key servers and catalogue, and what was measured on it. */
    static final class Site implements AutoCloseable {
        final int n;
        final String series;
        final KeyServers servers;
        final CatalogDatabase db;
        final TimedWriter keys;
        final OneGrant oneGrant;
        final GridPrincipal caller;
        final List<org.mdm.catalog.AclEntry> grant;
        final List<org.mdm.catalog.AclEntry> revoke;
        final List<Parts> sets = new ArrayList<>();
        final List<Parts> dels = new ArrayList<>();
        final List<Double> baseSet = new ArrayList<>();
        final List<Double> baseDel = new ArrayList<>();
        Parts coldSet;
        Parts coldDel;
        Map<String, List<AclEntry>> granted;
        Map<String, List<AclEntry>> revoked;
        String probe;

        Site(MdmConfig config, String series, GridCredential proxy, GridTrust trust, String seDn, GridPrincipal caller,
                List<org.mdm.catalog.AclEntry> grant, List<org.mdm.catalog.AclEntry> revoke) throws MdmException {
            KeyServersConfig kc = keyServersConfig(config);
            this.n = kc.servers().size();
            this.series = series;
            this.caller = caller;
            this.grant = grant;
            this.revoke = revoke;
            this.servers = new KeyServers(kc, proxy, trust);
            this.db = config.get("catalog.jdbc.url").isEmpty() ? CatalogDatabase.openH2(config.path("catalog.db.dir"))
                    : CatalogDatabase.open(config.get("catalog.jdbc.url"), null, null);
            this.keys = new TimedWriter(servers);
            this.oneGrant = new OneGrant(db, keys, seDn, NsPath.parse(config.get("register.path")),
                    NsPath.parse(config.get("register.lfn")));
        }

        /** One grant and revocation, unmeasured, checked on every key server. */
        void warmUp(String grantee) throws MdmException {
            coldSet = change(true);
            granted = keys.last;
            probe = granted.keySet().iterator().next();
            requireGrantee(servers.getAcl(probe), grantee, true, n);
            coldDel = change(false);
            revoked = keys.last;
            requireGrantee(servers.getAcl(probe), grantee, false, n);
            if (revoked.size() != granted.size()) {
                throw new IllegalStateException("the grant changed " + granted.size() + " keys, the revocation "
                        + revoked.size());
            }
            System.out.printf("  n=%d warm-up: grant %.3f s, revocation %.3f s, %d image keys on %d key servers%n",
                    n, coldSet.total, coldDel.total, granted.size(), n);
        }

        /** One grant (or revocation) of the whole series, timed in parts. */
        Parts change(boolean set) throws MdmException {
            long t0 = System.nanoTime();
            OneGrant.Report report = set ? oneGrant.set(series, grant, caller, Grants.Scope.RECURSIVE)
                    : oneGrant.remove(series, revoke, caller, Grants.Scope.RECURSIVE);
            long t3 = System.nanoTime();
            if (report.keysByServer().size() != n
                    || report.keysByServer().values().stream().anyMatch(k -> k != keys.last.size())) {
                throw new IllegalStateException("expected " + keys.last.size() + " keys on each of " + n + " servers: "
                        + report.keysByServer());
            }
            return new Parts((t3 - t0) / 1e9, (keys.entered - t0) / 1e9, (keys.left - keys.entered) / 1e9,
                    (t3 - keys.left) / 1e9);
        }

        @Override
        public void close() {
            servers.close();
            db.close();
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

    static void print(String name, List<Parts> parts, String suffix) {
        System.out.println(name + ".s" + suffix + fmt(median(parts.stream().map(Parts::total).toList())));
        System.out.println(name + ".catalogue.s" + suffix + fmt(median(parts.stream().map(Parts::catalogue).toList())));
        System.out.println(name + ".keys.s" + suffix + fmt(median(parts.stream().map(Parts::keyServers).toList())));
        System.out.println(name + ".commit.s" + suffix + fmt(median(parts.stream().map(Parts::commit).toList())));
    }

    static double median(List<Double> v) {
        double[] s = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    static String fmt(double d) {
        return String.format("%.4f", d);
    }
}
