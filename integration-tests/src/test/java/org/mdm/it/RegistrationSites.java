package org.mdm.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.NameSpace;
import org.mdm.catalog.NsEntry;
import org.mdm.catalog.NsPath;

/** The options of a registering site in tests, and copies of a sample with fresh UIDs, shared by the registration tests. */
final class RegistrationSites {
    static final Path SAMPLES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    static final String BASE = "/dpm/example.org/home/biomed/mdm";

    private RegistrationSites() {
    }

    /** mdm options: spool {@code spool}, catalogue and secret under {@code home}, the Orthanc, the key servers. */
    static List<String> options(Path home, String spool, KeyServerTrio keys, OrthancServer orthanc) {
        List<String> all = new ArrayList<>(List.of("-D", "spool.dir=" + home.resolve(spool), "-D", "spool.min.free=1M",
                "-D", "dicom.deid.secret.file=" + home.resolve("secret"), "-D", "catalog.db.dir=" + home.resolve("catalog"),
                "-D", "register.server=" + orthanc.aet() + "@127.0.0.1:" + orthanc.dicomPort()));
        all.addAll(keys.siteOptions());
        // These tests are about what is left behind, not latency: a loaded test machine (two JVMs
        // registering at once, TLS handshakes on two cores) must not fail them on a 2 s timeout.
        all.addAll(List.of("-D", "hydra.connect.timeout.ms=10000", "-D", "hydra.request.timeout.ms=10000"));
        return all;
    }

    /** {@code n} copies of {@code sample} in {@code dir}, each with a new SOP Instance UID (dcmodify -gin). */
    static List<Path> copies(Path sample, Path dir, int n) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        List<String> dcmodify = new ArrayList<>(List.of("dcmodify", "-q", "-nb", "-gin"));
        for (int i = 0; i < n; i++) {
            Path copy = dir.resolve(String.format("img%03d.dcm", i));
            Files.copy(sample, copy);
            files.add(copy);
            dcmodify.add(copy.toString());
        }
        Process modify = new ProcessBuilder(dcmodify).redirectErrorStream(true).start();
        String output = new String(modify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (modify.waitFor() != 0) {
            throw new IOException("dcmodify failed (apt-get install dcmtk): " + output);
        }
        return files;
    }

    /** Every registered image under {@link #BASE} in the embedded catalogue under {@code home}, study by series. */
    static List<NsEntry> registeredImages(Path home) throws Exception {
        NameSpace ns = new NameSpace();
        List<NsEntry> images = new ArrayList<>();
        try (CatalogDatabase db = CatalogDatabase.openH2(home.resolve("catalog"))) {
            for (NsEntry study : db.inTransaction(c -> ns.list(c, NsPath.parse(BASE)))) {
                for (NsEntry series : db.inTransaction(c -> ns.list(c, study.path()))) {
                    images.addAll(db.inTransaction(c -> ns.list(c, series.path())));
                }
            }
        }
        return images;
    }

    /** A separate JVM running {@code mdm args...}, its stdout and stderr to files under {@code home}. */
    static Process start(Path home, String name, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.mdm.cli.Main"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectOutput(home.resolve(name + ".out").toFile())
                .redirectError(home.resolve(name + ".err").toFile()).start();
    }
}
