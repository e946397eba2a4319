package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * mdm unregister against Orthanc and three key servers: only the owner may; the entries, the key
 * shares and the spool's sealed copy go; with a key server down the image is withdrawn and a
 * rerun finishes; registering the image again afterwards makes a new key and a new sealed file.
 */
class UnregisterTest {

    @Test
    void theOwnerUnregistersAnImageFromEveryComponent(@TempDir Path home) throws Exception {
        List<Path> files = RegistrationSites.copies(RegistrationSites.SAMPLES.resolve("CT_small.dcm"),
                home.resolve("in"), 2);
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys")); OrthancServer orthanc = OrthancServer.start()) {
            assertEquals(0, mdm(home, keys, orthanc, "register", home.resolve("in").toString()).code());
            List<String> images = images(home, keys, orthanc);
            assertEquals(2, images.size(), images.toString());
            String first = images.get(0);
            String sop = first.substring(first.lastIndexOf('/') + 1);

            Path other = home.resolve("other-identity.pem"); // the SE's host credential: another DN
            Files.writeString(other, Files.readString(KeyServerTrio.PKI.hostCert())
                    + Files.readString(KeyServerTrio.PKI.hostKey()));
            List<String> asStranger = new ArrayList<>(List.of("unregister", first));
            asStranger.addAll(RegistrationSites.options(home, "spool", keys, orthanc));
            asStranger.addAll(List.of("-D", "grid.proxy=" + other)); // the last value of a key wins
            MdmCli stranger = MdmCli.run(asStranger);
            assertEquals(1, stranger.code());
            assertTrue(stranger.err().contains("Only the owner of " + first), stranger.err());
            assertEquals(2, images(home, keys, orthanc).size(), "nothing removed for a stranger");

            keys.stop(2);
            MdmCli down = mdm(home, keys, orthanc, "unregister", first);
            assertEquals(1, down.code(), down.out());
            assertTrue(down.err().contains(keys.uris().get(2).toString()), "names the server: " + down.err());
            String series = first.substring(0, first.lastIndexOf('/'));
            MdmCli withdrawn = mdm(home, keys, orthanc, "ls", "-l", series);
            assertTrue(withdrawn.out().lines().anyMatch(l -> l.contains(" unregistering ") && l.endsWith(sop)),
                    "withdrawn (the SE no longer serves it): " + withdrawn.out());
            keys.restart(2);
            MdmCli finish = mdm(home, keys, orthanc, "unregister", first);
            assertEquals(0, finish.code(), finish.err());
            assertEquals("unregistered " + first + "\n", finish.out());
            MdmException gone = assertThrows(MdmException.class, () -> keys.user().fetch(sop));
            assertEquals(Status.NOT_FOUND, gone.status(), gone.getMessage());
            MdmCli spool = mdm(home, keys, orthanc, "spool", "ls");
            assertTrue(spool.out().contains("1 files"), "the sealed copy evicted, the other image's stays: "
                    + spool.out());

            MdmCli notThere = mdm(home, keys, orthanc, "unregister", first);
            assertEquals(1, notThere.code());
            assertTrue(notThere.err().contains(first + " is not registered"), notThere.err());

            MdmCli again = mdm(home, keys, orthanc, "register", files.get(0).toString(), files.get(1).toString());
            assertEquals(0, again.code(), again.err());
            assertEquals(1, again.out().lines().filter(l -> l.startsWith("registered ")).count(), again.out());
            assertEquals(1, again.out().lines().filter(l -> l.startsWith("already registered ")).count(), again.out());
            keys.user().fetch(sop).destroy(); // a new key under the same id

            String study = first.substring(0, first.indexOf('/', RegistrationSites.BASE.length() + 1));
            MdmCli dir = mdm(home, keys, orthanc, "unregister", study);
            assertEquals(1, dir.code());
            assertTrue(dir.err().contains("use -r"), dir.err());
            String studyName = study.substring(study.lastIndexOf('/') + 1);
            assertEquals(studyName + "\n", mdm(home, keys, orthanc, "md", "getattr", "/mdm/STUDY/" + studyName,
                    "StudyInsUID").out(), "the study's metadata entry");
            MdmCli all = mdm(home, keys, orthanc, "unregister", "-r", study);
            assertEquals(0, all.code(), all.err());
            assertEquals(2, all.out().lines().filter(l -> l.startsWith("unregistered ")).count(), all.out());
            assertEquals("", mdm(home, keys, orthanc, "ls", RegistrationSites.BASE).out(), "empty directories go too");
            MdmCli studyMd = mdm(home, keys, orthanc, "md", "getattr", "/mdm/STUDY/" + studyName, "StudyInsUID");
            assertEquals(1, studyMd.code(), studyMd.out());
            assertTrue(studyMd.err().contains("No metadata entry /mdm/STUDY/" + studyName), "with its directory, the"
                    + " study's entry: " + studyMd.err());
        }
    }

    private static MdmCli mdm(Path home, KeyServerTrio keys, OrthancServer orthanc, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(RegistrationSites.options(home, "spool", keys, orthanc));
        return MdmCli.run(all);
    }

    /** The registered images' paths. */
    private static List<String> images(Path home, KeyServerTrio keys, OrthancServer orthanc) {
        List<String> paths = new ArrayList<>();
        for (String study : mdm(home, keys, orthanc, "ls", RegistrationSites.BASE).out().lines().toList()) {
            String s = RegistrationSites.BASE + "/" + study.replace("/", "");
            for (String series : mdm(home, keys, orthanc, "ls", s).out().lines().toList()) {
                String se = s + "/" + series.replace("/", "");
                for (String image : mdm(home, keys, orthanc, "ls", se).out().lines().toList()) {
                    paths.add(se + "/" + image);
                }
            }
        }
        return paths;
    }
}
