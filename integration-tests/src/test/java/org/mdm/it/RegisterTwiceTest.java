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

/**
 * The same images registered twice at once, by two processes sharing the catalogue and the key
 * servers (two workstations of one hospital, each with its own spool): each image is registered
 * exactly once, the other process reports it as already registered, and nothing is left in the
 * journal. And the same SOP Instance UID with other content is refused.
 */
class RegisterTwiceTest {
    private static final int IMAGES = 16;

    @Test
    void twoProcessesRegisteringTheSameImagesAtOnceRegisterEachOnce(@TempDir Path home) throws Exception {
        List<Path> files = RegistrationSites.copies(RegistrationSites.SAMPLES.resolve("CT_small.dcm"),
                home.resolve("series"), IMAGES);
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys")); OrthancServer orthanc = OrthancServer.start()) {
            List<Process> both = new ArrayList<>();
            for (String name : List.of("a", "b")) {
                List<String> args = new ArrayList<>(List.of("register", home.resolve("series").toString()));
                args.addAll(RegistrationSites.options(home, "spool-" + name, keys, orthanc));
                both.add(RegistrationSites.start(home, name, args));
            }
            int registered = 0;
            int already = 0;
            for (int i = 0; i < 2; i++) {
                Process p = both.get(i);
                assertTrue(p.waitFor(180, TimeUnit.SECONDS), "register " + i + " ended");
                String name = i == 0 ? "a" : "b";
                String out = Files.readString(home.resolve(name + ".out"), StandardCharsets.UTF_8);
                String err = Files.readString(home.resolve(name + ".err"), StandardCharsets.UTF_8);
                assertEquals(0, p.exitValue(), name + ": " + out + err);
                // (the test classpath's logback configuration logs to stdout too)
                long reg = out.lines().filter(l -> l.startsWith("registered ")).count();
                long again = out.lines().filter(l -> l.startsWith("already registered ")).count();
                assertEquals(IMAGES, reg + again, name + " reports every image: " + out);
                registered += (int) reg;
                already += (int) again;
            }
            assertEquals(IMAGES, registered, "each image registered by exactly one of the two");
            assertEquals(IMAGES, already, "and reported as already registered by the other");

            MdmCli listing = lsAll(home, keys, orthanc);
            assertEquals(IMAGES, listing.out().lines().filter(l -> l.startsWith("-rw-------")).count(), listing.out());
            for (String line : listing.out().lines().filter(l -> l.startsWith("-rw-------")).toList()) {
                String sop = line.substring(line.lastIndexOf(' ') + 1);
                keys.user().fetch(sop).destroy(); // one key per image, readable
            }
        }
    }

    /** Every image's listing line, study by study, series by series. */
    private static MdmCli lsAll(Path home, KeyServerTrio keys, OrthancServer orthanc) {
        StringBuilder all = new StringBuilder();
        for (String study : ls(home, keys, orthanc, RegistrationSites.BASE).out().lines().toList()) {
            String studyPath = RegistrationSites.BASE + "/" + study.replace("/", "");
            for (String series : ls(home, keys, orthanc, studyPath).out().lines().toList()) {
                all.append(ls(home, keys, orthanc, "-l", studyPath + "/" + series.replace("/", "")).out());
            }
        }
        return new MdmCli(0, all.toString(), "");
    }

    private static MdmCli ls(Path home, KeyServerTrio keys, OrthancServer orthanc, String... args) {
        List<String> all = new ArrayList<>(List.of("ls"));
        all.addAll(List.of(args));
        all.addAll(RegistrationSites.options(home, "spool-a", keys, orthanc));
        MdmCli ls = MdmCli.run(all);
        assertEquals(0, ls.code(), ls.err());
        return ls;
    }

    @Test
    void theSameSopInstanceUidWithOtherContentIsRefused(@TempDir Path home) throws Exception {
        Path original = RegistrationSites.copies(RegistrationSites.SAMPLES.resolve("CT_small.dcm"),
                home.resolve("a"), 1).get(0);
        Path changed = Files.copy(original, home.resolve("changed.dcm"));
        Process modify = new ProcessBuilder("dcmodify", "-q", "-nb", "-i", "SeriesDescription=edited afterwards",
                changed.toString()).redirectErrorStream(true).start();
        assertEquals(0, modify.waitFor(), new String(modify.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys")); OrthancServer orthanc = OrthancServer.start()) {
            MdmCli first = register(home, keys, orthanc, original);
            assertEquals(0, first.code(), first.err());
            MdmCli other = register(home, keys, orthanc, changed);
            assertEquals(1, other.code(), other.out());
            assertTrue(other.err().contains(changed.toString()) && other.err().contains("other content"), other.err());
            MdmCli same = register(home, keys, orthanc, original);
            assertEquals("already registered " + original + "\n", same.out(), same.err());
        }
    }

    private static MdmCli register(Path home, KeyServerTrio keys, OrthancServer orthanc, Path file) {
        List<String> all = new ArrayList<>(List.of("register", file.toString()));
        all.addAll(RegistrationSites.options(home, "spool", keys, orthanc));
        return MdmCli.run(all);
    }
}
