import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.MetadataCatalogue;
import org.mdm.catalog.query.MetadataQueries;
import org.mdm.catalog.query.QueryLimits;
import org.mdm.md.client.MetadataConnection;
import org.mdm.md.client.Timeouts;
import org.mdm.se.AccessList;
import org.mdm.se.md.MdSettings;
import org.mdm.se.md.MetadataDoor;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;
import org.mdm.security.PrincipalExtractor;
import org.mdm.security.TlsContexts;
import org.mdm.security.VomsAttributes;
import org.mdm.security.admission.PreAuthLimits;
import org.mdm.security.testpki.TestPki;

/**
 * The metadata service's numbers (bench/md.sh): a catalogue of N generated IMAGE entries (H2, or
 * PostgreSQL at a JDBC URL), the service on loopback with a test PKI, and one warm TLS session of
 * MDM's client: getattr of one attribute of a random entry (p50/p99), and selectattr of a
 * condition matching 1% (rows/s). Baseline, same run, same database: the same reads in-process
 * through the catalogue (no protocol, no TLS). Prints key=value lines.
 *
 *   java -cp <mdm jar + libs> bench/MdBench.java WORK (h2|JDBC-URL) ENTRIES SAMPLES
 */
public class MdBench {
    static final String OWNER = "/C=FR/O=MDM/OU=users/CN=Test User";

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        String where = args[1];
        int entries = Integer.parseInt(args[2]);
        int samples = Integer.parseInt(args[3]);
        boolean h2 = where.equals("h2");
        try (CatalogDatabase db = h2 ? CatalogDatabase.openH2(work.resolve("h2")) : CatalogDatabase.open(where, null, null)) {
            long t0 = System.nanoTime();
            generate(db, entries, h2);
            System.out.println("md.generate.s=" + String.format("%.1f", (System.nanoTime() - t0) / 1e9));
            TestPki pki = TestPki.create(Files.createDirectories(work.resolve("pki")));
            try (GridTrust trust = GridTrust.fromDirectory(pki.certDir());
                    VomsAttributes voms = VomsAttributes.create(pki.vomsDir(), trust)) {
                MdSettings settings = new MdSettings(InetAddress.getLoopbackAddress(), 0,
                        TlsContexts.server(Credentials.load(pki.hostCert(), pki.hostKey()), trust),
                        new PrincipalExtractor(voms), AccessList.of(List.of("dn:" + pki.userDn())),
                        new PreAuthLimits(16, 8, Duration.ofSeconds(30)), 8, Duration.ofMinutes(10),
                        new QueryLimits(10_000_000, Duration.ofMinutes(10)), Set.of());
                try (MetadataDoor door = MetadataDoor.start(settings, db);
                        MetadataConnection md = MetadataConnection.connect("localhost", door.port(),
                                Credentials.loadProxy(pki.proxy()), trust,
                                new Timeouts(Duration.ofSeconds(30), Duration.ofMinutes(10)))) {
                    measure(db, md, entries, samples);
                }
            }
        }
    }

    /** N entries owned by the test user: nx 256/512, modality MR for 1 in 100, else CT. */
    static void generate(CatalogDatabase db, int n, boolean h2) throws Exception {
        String range = h2 ? "SYSTEM_RANGE(1, " + n + ")" : "generate_series(1, " + n + ") AS r(x)";
        String x = h2 ? "X" : "x";
        String name = "'guid:' || LPAD(CAST(" + x + " AS VARCHAR), 12, '0')";
        db.inTransaction(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO md_entry (dir, name, owner_dn) SELECT '/mdm/IMAGE', " + name + ", '"
                        + OWNER + "' FROM " + range);
                s.executeUpdate("INSERT INTO md_value (dir, entry, attr, val) SELECT '/mdm/IMAGE', " + name
                        + ", 'nx', CASE WHEN MOD(" + x + ", 2) = 0 THEN '256' ELSE '512' END FROM " + range);
                s.executeUpdate("INSERT INTO md_value (dir, entry, attr, val) SELECT '/mdm/IMAGE', " + name
                        + ", 'modality', CASE WHEN MOD(" + x + ", 100) = 0 THEN 'MR' ELSE 'CT' END FROM " + range);
                s.executeUpdate("INSERT INTO md_value (dir, entry, attr, val) SELECT '/mdm/IMAGE', " + name
                        + ", 'SOPinsUID', '2.25.' || CAST(" + x + " AS VARCHAR) FROM " + range);
            }
            return null;
        });
        if (!h2) { // what autovacuum would do soon after a bulk load: the planner needs the statistics
            db.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement("ANALYZE md_entry, md_value")) {
                    s.execute();
                }
                return null;
            });
        }
    }

    static void measure(CatalogDatabase db, MetadataConnection md, int entries, int samples) throws Exception {
        Random random = new Random(42);
        MetadataCatalogue catalogue = new MetadataCatalogue();
        for (int i = 0; i < 200; i++) { // warm both paths
            String e = guid(random, entries);
            md.execute("getattr /mdm/IMAGE/" + e + " nx");
            db.inTransaction(c -> catalogue.getattr(c, "/mdm/IMAGE", e, List.of("nx")));
        }
        List<Long> service = new ArrayList<>();
        List<Long> direct = new ArrayList<>();
        for (int i = 0; i < samples; i++) {
            String e = guid(random, entries);
            long t = System.nanoTime();
            List<String> rows = md.execute("getattr /mdm/IMAGE/" + e + " nx");
            service.add(System.nanoTime() - t);
            if (rows.size() != 2) {
                throw new IllegalStateException("getattr of " + e + " gave " + rows);
            }
            t = System.nanoTime();
            db.inTransaction(c -> catalogue.getattr(c, "/mdm/IMAGE", e, List.of("nx")));
            direct.add(System.nanoTime() - t);
        }
        print("md.getattr", service);
        print("md.getattr.direct", direct);

        AtomicLong rows = new AtomicLong();
        long t = System.nanoTime();
        md.execute("selectattr /mdm/IMAGE:SOPinsUID 'modality=\\'MR\\''", row -> rows.incrementAndGet());
        double secs = (System.nanoTime() - t) / 1e9;
        System.out.println("md.selectattr.rows=" + rows.get());
        System.out.println("md.selectattr.s=" + String.format("%.3f", secs));
        System.out.println("md.selectattr.rps=" + String.format("%.0f", rows.get() / secs));
        AtomicLong direct1 = new AtomicLong();
        t = System.nanoTime();
        db.inTransaction(c -> new MetadataQueries().selectattr(c, List.of("/mdm/IMAGE:SOPinsUID"), "modality='MR'",
                new QueryLimits(10_000_000, Duration.ofMinutes(10)), r -> {
                    direct1.incrementAndGet();
                    return true;
                }));
        double dsecs = (System.nanoTime() - t) / 1e9;
        System.out.println("md.selectattr.direct.s=" + String.format("%.3f", dsecs));
        System.out.println("md.selectattr.direct.rps=" + String.format("%.0f", direct1.get() / dsecs));
    }

    static String guid(Random random, int entries) {
        return String.format("guid:%012d", 1 + random.nextInt(entries));
    }

    static void print(String key, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.println(key + ".p50.ms=" + String.format("%.2f", sorted.get(sorted.size() / 2) / 1e6));
        System.out.println(key + ".p99.ms=" + String.format("%.2f",
                sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)) / 1e6));
    }
}
