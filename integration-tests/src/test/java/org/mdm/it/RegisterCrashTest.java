package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.MetadataCatalogue;
import org.mdm.catalog.NameSpace;
import org.mdm.catalog.NsEntry;
import org.mdm.catalog.NsPath;
import org.mdm.catalog.NsStatus;
import org.mdm.catalog.RegistrationJournal;

/**
 * kill -9 in the middle of registering 500 images: afterwards every image the catalogue shows is
 * whole (ONLINE, its metadata and its key there), at most the two chunks in flight are in the
 * journal, and running mdm register again undoes those and completes the directory.
 */
class RegisterCrashTest {
    private static final Path CT = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");
    private static final int IMAGES = 500;

    private static List<String> options(Path home, KeyServerTrio keys, OrthancServer orthanc) {
        return RegistrationSites.options(home, "spool", keys, orthanc);
    }

    @Test
    void aKilledRegistrationLeavesNothingHalfDoneAndARerunCompletesIt(@TempDir Path home) throws Exception {
        Path dir = home.resolve("series");
        RegistrationSites.copies(CT, dir, IMAGES);
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys")); OrthancServer orthanc = OrthancServer.start()) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.mdm.cli.Main", "register", dir.toString()));
            cmd.addAll(options(home, keys, orthanc));
            Process register = new ProcessBuilder(cmd).redirectError(home.resolve("first.err").toFile()).start();
            int done = 0;
            List<String> lines = new ArrayList<>();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(register.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while (done < 100 && (line = out.readLine()) != null) {
                    lines.add(line);
                    done += line.startsWith("registered ") ? 1 : 0;
                }
                register.destroyForcibly(); // SIGKILL: no shutdown hook, no undo
                assertTrue(register.waitFor(30, TimeUnit.SECONDS));
            }
            assertEquals(100, done, "registered before the kill: " + lines + " " + Files.readString(home.resolve("first.err")));

            // In flight at most: two chunks of register.threads x 8 images (one completing, the next begun
            // with its keys made in bulk); the rerun undoes them.
            int whole = assertEveryVisibleImageIsWhole(home, keys, 2 * 4 * 8);
            assertTrue(whole >= 100 && whole < IMAGES, whole + " images registered before the kill");

            List<String> again = new ArrayList<>(List.of("register", dir.toString()));
            again.addAll(options(home, keys, orthanc));
            MdmCli rerun = MdmCli.run(again);
            assertEquals(0, rerun.code(), rerun.err());
            assertEquals(whole, rerun.out().lines().filter(l -> l.startsWith("already registered")).count(), rerun.out());
            assertEquals(IMAGES - whole, rerun.out().lines().filter(l -> l.startsWith("registered")).count(), rerun.out());
            assertEquals(IMAGES, assertEveryVisibleImageIsWhole(home, keys, 0));
        }
    }

    /** Checks the catalogue; returns how many images it shows. */
    private static int assertEveryVisibleImageIsWhole(Path home, KeyServerTrio keys, int mostPending) throws Exception {
        NameSpace ns = new NameSpace();
        MetadataCatalogue md = new MetadataCatalogue();
        RegistrationJournal journal = new RegistrationJournal();
        List<NsEntry> images = new ArrayList<>();
        int pending;
        try (CatalogDatabase db = CatalogDatabase.openH2(home.resolve("catalog"))) {
            pending = db.inTransaction(journal::pending).size();
            db.inTransaction(c -> {
                NsPath base = NsPath.parse("/dpm/example.org/home/biomed/mdm");
                for (NsEntry study : ns.list(c, base)) {
                    for (NsEntry series : ns.list(c, study.path())) {
                        images.addAll(ns.list(c, series.path()));
                    }
                }
                for (NsEntry image : images) {
                    assertEquals(NsStatus.ONLINE, image.status(), image.path().toString());
                    assertTrue(md.has(c, "/mdm/IMAGE", "guid:" + image.guid().trim()), "metadata of " + image.path());
                }
                return null;
            });
        }
        assertTrue(pending <= mostPending, pending + " registrations left in the journal");
        for (NsEntry image : images) {
            keys.user().fetch(image.path().name()).destroy(); // the key of every visible image exists
        }
        return images.size();
    }
}
