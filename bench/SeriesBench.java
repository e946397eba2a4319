import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.mdm.api.BackendRegistry;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolEntry;
import org.mdm.api.spool.SpoolProvider;
import org.mdm.dicom.DicomBackend;
import org.mdm.dicom.DicomPfn;
import org.mdm.dicom.net.CancelSignal;

/**
 * A whole series through the pipeline in one long-lived JVM, as a running storage element
 * fetches it: the spool is emptied before every measured fetch (cold images), but the JVM is
 * warm (classes loaded, code compiled). Each image is copied out as `mdm fetch` does. Together
 * with the whole-command rows this separates JVM start-up and warm-up from steady-state cost.
 *
 * <pre>
 *   java -cp "mdm/target/mdm-*.jar:mdm/target/lib/*" bench/SeriesBench.java PORT STUDY SERIES WORKDIR SECRETFILE [RUNS]
 * </pre>
 * Prints {@code series.warm.rate=<img/s median>} on its last line.
 */
public class SeriesBench {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path work = Path.of(args[3]);
        int runs = args.length > 5 ? Integer.parseInt(args[5]) : 3;
        Spool spool = null;
        for (SpoolProvider p : ServiceLoader.load(SpoolProvider.class)) {
            if (p.type().equals("rfio")) {
                spool = p.open(Map.of("dir", work.resolve("spool").toString(), "capacity", "4G", "min.free", "1M"));
            }
        }
        final Spool sp = spool;
        BackendRegistry registry = BackendRegistry.load(SeriesBench.class.getClassLoader());
        DicomBackend backend = (DicomBackend) registry.create("dicom", "dicom",
                Map.of("deid.secret.file", args[4]), org.mdm.api.BackendContext.of(sp, org.mdm.cli.SiteSeal.fromFile(java.nio.file.Path.of(java.util.Objects.requireNonNull(
                System.getProperty("mdm.site"), "-Dmdm.site=FILE (bench/retrieval.sh writes site.properties)")))));
        DicomPfn series = DicomPfn.parse("dicom://ORTHANC@127.0.0.1:" + port + "/" + args[1] + "/" + args[2]);
        Path out = Files.createDirectories(work.resolve("out"));
        List<Double> rates = new ArrayList<>();
        for (int run = 0; run <= runs; run++) {
            for (SpoolEntry e : sp.list()) {
                sp.evict(e.key());
            }
            long t0 = System.nanoTime();
            int n = backend.seriesFetch().fetch(series, Duration.ofMinutes(10), CancelSignal.NEVER, (image, file) -> {
                try {
                    Files.copy(file.path(), out.resolve(file.key().value() + ".dcm"),
                            StandardCopyOption.REPLACE_EXISTING);
                } catch (java.io.IOException e) {
                    throw new org.mdm.api.MdmException(org.mdm.api.Status.IO_ERROR, e.toString(), e);
                }
            });
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("  %s run %d: %d images in %.2f s, %.1f img/s%n", run == 0 ? "warm-up" : "measured",
                    run, n, seconds, n / seconds);
            if (run > 0) {
                rates.add(n / seconds);
            }
        }
        registry.close();
        sp.close();
        rates.sort(null);
        System.out.printf("series.warm.rate=%.1f%n", rates.get(rates.size() / 2));
    }
}

