/*
 * One cold image: a bare PixelMed C-GET against MDM's whole pipeline (retrieve, de-identify,
 * spool) through the public plugin API, alternated in one JVM after a warm-up of both paths.
 *
 * Run in source-launch mode with the mdm distribution on the class path (bench/retrieval.sh
 * does this):
 *
 *   java -cp "mdm/target/mdm-*.jar:mdm/target/lib/*" bench/SingleImageBench.java \
 *     --host 127.0.0.1 --port 4242 --aet ORTHANC --study S --series R --sop I \
 *     --work /tmp/dir --secret /tmp/dir/deid.secret \
 *     --defaults mdm/src/main/resources/org/mdm/cli/mdm-defaults.properties [--rounds 50] [--warmup 10]
 *
 * Prints a short human summary and key=value lines (pixelmed.p50.ms, mdm.p50.ms, ...).
 * Exit status 3 if the MDM side could not run (the PixelMed numbers are still printed).
 */

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.SOPClass;
import com.pixelmed.dicom.StoredFilePathStrategy;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import com.pixelmed.network.GetSOPClassSCU;
import com.pixelmed.network.IdentifierHandler;
import com.pixelmed.network.ReceivedObjectHandler;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.mdm.api.Backend;
import org.mdm.api.BackendRegistry;
import org.mdm.api.GridPrincipal;
import org.mdm.api.Pfn;
import org.mdm.api.StageRequest;
import org.mdm.api.StageResult;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.spool.SpoolKey;
import org.mdm.api.spool.SpoolProvider;

public class SingleImageBench {
    private static final String CALLING_AET = "BENCH";
    private static final Duration STAGE_TIMEOUT = Duration.ofSeconds(60);

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = parseArgs(argv);
        String host = req(a, "host"), aet = req(a, "aet");
        int port = Integer.parseInt(req(a, "port"));
        String study = req(a, "study"), series = req(a, "series"), sop = req(a, "sop");
        Path work = Path.of(req(a, "work"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "50"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "10"));
        Files.createDirectories(work);

        PixelMedGet pixelmed = new PixelMedGet(host, port, aet, study, series, sop, work.resolve("pixelmed"));
        MdmStage mdm = null;
        String mdmError = null;
        try {
            mdm = MdmStage.open(host, port, aet, study, series, sop, work.resolve("spool"),
                    Path.of(req(a, "secret")), Path.of(req(a, "defaults")));
        } catch (Throwable e) {
            mdmError = describe(e);
        }

        // Warm-up of both paths (class loading, JIT, MDM's association pool), not measured.
        for (int i = 0; i < warmup; i++) {
            pixelmed.once();
            if (mdm != null) {
                try {
                    mdm.once();
                } catch (Throwable e) {
                    mdmError = describe(e);
                    mdm.close();
                    mdm = null;
                }
            }
        }
        System.out.printf("  image %s: PixelMed stores %d bytes, MDM spools %s%n", sop, pixelmed.lastBytes,
                mdm != null ? mdm.lastBytes + " bytes (de-identified)" : "nothing");

        // Measured: alternate the two, starting with a different one every round.
        double[] pm = new double[rounds];
        double[] md = new double[rounds];
        int mdDone = 0;
        for (int i = 0; i < rounds; i++) {
            boolean pixelmedFirst = i % 2 == 0;
            if (pixelmedFirst) {
                pm[i] = pixelmed.once();
            }
            if (mdm != null) {
                try {
                    md[mdDone] = mdm.once();
                    mdDone++;
                } catch (Throwable e) {
                    mdmError = describe(e);
                    mdm.close();
                    mdm = null;
                }
            }
            if (!pixelmedFirst) {
                pm[i] = pixelmed.once();
            }
        }
        if (mdm != null) {
            mdm.close();
        }

        double pm50 = percentile(pm, rounds, 50), pm90 = percentile(pm, rounds, 90);
        System.out.printf("  bare PixelMed C-GET (new association, file in a temp dir): p50 %.1f ms, p90 %.1f ms (n=%d)%n",
                pm50, pm90, rounds);
        out("pixelmed.p50.ms", pm50);
        out("pixelmed.p90.ms", pm90);
        if (mdDone == rounds) {
            double md50 = percentile(md, rounds, 50), md90 = percentile(md, rounds, 90);
            System.out.printf("  MDM pipeline, cold spool (stage, await, close, evict):    p50 %.1f ms, p90 %.1f ms (n=%d)%n",
                    md50, md90, rounds);
            System.out.printf("  ratio p50(mdm)/p50(pixelmed) = %.2f (goal <= 1.5)%n", md50 / pm50);
            out("mdm.p50.ms", md50);
            out("mdm.p90.ms", md90);
            out("ratio.p50", md50 / pm50);
        }
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                heapPeak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("  JVM heap, sum of the heap pools' peak usage: %d MiB%n", heapPeak >> 20);
        System.out.println("heap.pools.peak.mib=" + (heapPeak >> 20));
        if (mdmError != null) {
            System.out.println("mdm.error=" + mdmError);
            System.err.println("MDM side failed: " + mdmError);
            System.exit(3);
        }
        System.exit(0);   // PixelMed may leave non-daemon threads behind
    }

    /** A bare PixelMed C-GET of one image: new association, file written into a folder. */
    static final class PixelMedGet {
        private final String host, aet;
        private final int port;
        private final AttributeList identifier = new AttributeList();
        private final File folder;
        long lastBytes;

        PixelMedGet(String host, int port, String aet, String study, String series, String sop, Path folder)
                throws Exception {
            this.host = host;
            this.port = port;
            this.aet = aet;
            this.folder = Files.createDirectories(folder).toFile();
            put(new CodeStringAttribute(TagFromName.QueryRetrieveLevel), "IMAGE");
            put(new UniqueIdentifierAttribute(TagFromName.StudyInstanceUID), study);
            put(new UniqueIdentifierAttribute(TagFromName.SeriesInstanceUID), series);
            put(new UniqueIdentifierAttribute(TagFromName.SOPInstanceUID), sop);
        }

        private void put(Attribute attr, String value) throws Exception {
            attr.addValue(value);
            identifier.put(attr.getTag(), attr);
        }

        /** One C-GET; returns milliseconds. The received file is deleted afterwards, untimed. */
        double once() throws Exception {
            AtomicReference<String> received = new AtomicReference<>();
            ReceivedObjectHandler handler = new ReceivedObjectHandler() {
                @Override
                public void sendReceivedObjectIndication(String fileName, String transferSyntax, String callingAet) {
                    received.set(fileName);
                }
            };
            long t0 = System.nanoTime();
            new GetSOPClassSCU(host, port, aet, CALLING_AET, SOPClass.StudyRootQueryRetrieveInformationModelGet,
                    identifier, new IdentifierHandler(), folder,
                    StoredFilePathStrategy.BYSOPINSTANCEUIDINSINGLEFOLDER, handler,
                    Set.of(SOPClass.CTImageStorage), true, false, false);
            long t1 = System.nanoTime();
            if (received.get() == null) {
                throw new IllegalStateException("PixelMed C-GET received no image");
            }
            Path file = Path.of(received.get());
            lastBytes = Files.size(file);
            Files.delete(file);
            return (t1 - t0) / 1e6;
        }
    }

    /** One cold image through MDM's pipeline, through the public plugin API only. */
    static final class MdmStage implements AutoCloseable {
        private final Spool spool;
        private final BackendRegistry registry;
        private final Backend backend;
        private final Pfn pfn;
        long lastBytes;

        private MdmStage(Spool spool, BackendRegistry registry, Backend backend, Pfn pfn) {
            this.spool = spool;
            this.registry = registry;
            this.backend = backend;
            this.pfn = pfn;
        }

        static MdmStage open(String host, int port, String aet, String study, String series, String sop,
                Path spoolDir, Path secret, Path defaults) throws Exception {
            ClassLoader cl = SingleImageBench.class.getClassLoader();
            SpoolProvider provider = ServiceLoader.load(SpoolProvider.class, cl).stream()
                    .map(ServiceLoader.Provider::get).filter(p -> p.type().equals("rfio")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no 'rfio' SpoolProvider on the class path"));
            Spool spool = provider.open(Map.of("dir", spoolDir.toString(), "capacity", "2G", "min.free", "1M"));
            BackendRegistry registry = BackendRegistry.load(cl);
            try {
                Map<String, String> config = dicomConfig(defaults);
                config.put("deid.secret.file", secret.toString());
                Backend backend = registry.create("dicom", "dicom", config,
                        org.mdm.api.BackendContext.of(spool, org.mdm.cli.SiteSeal.fromFile(java.nio.file.Path.of(java.util.Objects.requireNonNull(
                System.getProperty("mdm.site"), "-Dmdm.site=FILE (bench/retrieval.sh writes site.properties)")))));
                Pfn pfn = Pfn.parse("dicom://" + aet + "@" + host + ":" + port + "/" + study + "/" + series + "/"
                        + sop + "?transform=deid");
                return new MdmStage(spool, registry, backend, pfn);
            } catch (Throwable e) {
                registry.close();
                spool.close();
                throw e;
            }
        }

        /** The dicom.* keys of mdm-defaults.properties, prefix removed, empty values left out. */
        static Map<String, String> dicomConfig(Path defaults) throws IOException {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(defaults)) {
                p.load(in);
            }
            Map<String, String> config = new HashMap<>();
            for (String k : p.stringPropertyNames()) {
                String v = p.getProperty(k).trim().replace("${user.home}", System.getProperty("user.home"));
                if (k.startsWith("dicom.") && !v.isEmpty()) {
                    config.put(k.substring("dicom.".length()), v);
                }
            }
            return config;
        }

        /** One cold stage; returns milliseconds. The spool entry is evicted afterwards, untimed. */
        double once() throws Exception {
            StageRequest request = StageRequest.of(pfn, GridPrincipal.LOCAL, STAGE_TIMEOUT);
            long t0 = System.nanoTime();
            backend.stage(request);
            StageResult result = request.await();
            SpoolKey key;
            try (SpoolFile file = result.file()) {
                key = file.key();
                lastBytes = file.size();
            }
            long t1 = System.nanoTime();
            if (result.spoolHit()) {
                throw new IllegalStateException("the spool already held the image: not a cold fetch");
            }
            if (!spool.evict(key)) {
                throw new IllegalStateException("could not evict " + key + " from the spool");
            }
            return (t1 - t0) / 1e6;
        }

        @Override
        public void close() {
            registry.close();
            spool.close();
        }
    }

    static double percentile(double[] values, int n, int p) {
        double[] v = Arrays.copyOf(values, n);
        Arrays.sort(v);
        int rank = (int) Math.ceil(p / 100.0 * n);   // nearest rank
        return v[Math.max(0, rank - 1)];
    }

    static void out(String key, double value) {
        System.out.printf("%s=%.2f%n", key, value);
    }

    static String describe(Throwable e) {
        StringBuilder s = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (s.length() > 0) {
                s.append(" <- ");
            }
            s.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
        }
        return s.toString().replace('\n', ' ');
    }

    static Map<String, String> parseArgs(String[] argv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(argv));
            }
            m.put(argv[i].substring(2), argv[++i]);
        }
        return m;
    }

    static String req(Map<String, String> a, String k) {
        String v = a.get(k);
        if (v == null) {
            throw new IllegalArgumentException("missing --" + k);
        }
        return v;
    }
}

