package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.NameSpace;
import org.mdm.catalog.NsEntry;
import org.mdm.catalog.NsPath;
import org.mdm.catalog.NsStatus;
import org.mdm.catalog.RegistrationJournal;

/**
 * The catalogue's disk fills up during a registration. The process's file-size limit (ulimit -f,
 * set at the catalogue file's size) makes every write that would grow the database fail exactly
 * as a full disk does (EFBIG instead of ENOSPC), with no privileges needed, while the smaller
 * spool files still fit. The registration fails naming the database, nothing is half-registered,
 * and once there is room again a rerun undoes what was left and completes.
 */
class CatalogDiskFullTest {
    private static final int IMAGES = 40;

    @Test
    void aFullCatalogueDiskFailsCleanlyAndARerunCompletes(@TempDir Path home) throws Exception {
        Path first = RegistrationSites.copies(RegistrationSites.SAMPLES.resolve("CT_small.dcm"), home.resolve("one"), 1)
                .get(0);
        RegistrationSites.copies(RegistrationSites.SAMPLES.resolve("MR_small.dcm"), home.resolve("many"), IMAGES);
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys")); OrthancServer orthanc = OrthancServer.start()) {
            List<String> site = RegistrationSites.options(home, "spool", keys, orthanc);
            List<String> one = new ArrayList<>(List.of("register", first.toString()));
            one.addAll(site);
            assertEquals(0, MdmCli.run(one).code(), "the catalogue exists and holds an image");
            long size = Files.size(home.resolve("catalog/catalog.mv.db"));

            List<String> many = new ArrayList<>(List.of("register", home.resolve("many").toString()));
            many.addAll(site);
            Process limited = startLimited(home, size / 1024, many);
            assertTrue(limited.waitFor(300, TimeUnit.SECONDS), "the limited registration ended");
            String out = Files.readString(home.resolve("full.out"), StandardCharsets.UTF_8);
            String err = Files.readString(home.resolve("full.err"), StandardCharsets.UTF_8);
            assertEquals(1, limited.exitValue(), out + err);
            // (the database may fail as the run opens it, or during a registration: when it grows)
            assertTrue(err.contains("catalogue") && err.contains(home.resolve("catalog").toString())
                    && err.contains("disk"), "names the database and what to check: " + err);
            assertNothingHalfRegistered(home, IMAGES);
            System.out.println("the limited run said: " + err);

            MdmCli rerun = MdmCli.run(many);
            assertEquals(0, rerun.code(), rerun.err());
            assertEquals(IMAGES, rerun.out().lines().filter(l -> l.contains("registered ")).count(), rerun.out());
            assertNothingHalfRegistered(home, 0);
        }
    }

    /** Every file entry is ONLINE; the journal holds at most {@code mostLeft} rows (what a failed run could not undo). */
    private static void assertNothingHalfRegistered(Path home, int mostLeft) throws Exception {
        try (CatalogDatabase db = CatalogDatabase.openH2(home.resolve("catalog"))) {
            NameSpace ns = new NameSpace();
            db.inTransaction(c -> {
                for (NsEntry study : ns.list(c, NsPath.parse(RegistrationSites.BASE))) {
                    for (NsEntry series : ns.list(c, study.path())) {
                        for (NsEntry image : ns.list(c, series.path())) {
                            assertEquals(NsStatus.ONLINE, image.status(), image.path().toString());
                        }
                    }
                }
                return null;
            });
            int left = db.inTransaction(new RegistrationJournal()::pending).size();
            assertTrue(left <= mostLeft, left + " registrations left in the journal");
        }
    }

    /** mdm in a separate JVM whose files may not grow past {@code kib} KiB (bash's ulimit -f). */
    private static Process startLimited(Path home, long kib, List<String> args) throws Exception {
        StringBuilder cmd = new StringBuilder("ulimit -f " + kib + " && exec '"
                + Path.of(System.getProperty("java.home"), "bin", "java") + "' -cp '" + System.getProperty("java.class.path")
                + "' org.mdm.cli.Main");
        for (String a : args) {
            cmd.append(" '").append(a.replace("'", "'\\''")).append('\'');
        }
        return new ProcessBuilder("bash", "-c", cmd.toString()).redirectOutput(home.resolve("full.out").toFile())
                .redirectError(home.resolve("full.err").toFile()).start();
    }
}
