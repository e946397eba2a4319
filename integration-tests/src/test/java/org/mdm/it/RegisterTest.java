package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * mdm register against a real Orthanc and three real key servers: an image is stored, keyed,
 * dry-run through the pipeline and recorded with the exact size and checksum of its sealed file;
 * again is "already registered"; a failure (a key server down, a file that is not DICOM) leaves
 * nothing behind, and the other files of the batch are registered.
 */
class RegisterTest {
    private static final Path SAMPLES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final String BASE = "/dpm/example.org/home/biomed/mdm";

    private static MdmCli mdm(Path home, KeyServerTrio keys, OrthancServer orthanc, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-D", "spool.dir=" + home.resolve("spool"), "-D", "spool.min.free=1M",
                "-D", "dicom.deid.secret.file=" + home.resolve("secret"), "-D", "catalog.db.dir=" + home.resolve("catalog"),
                "-D", "register.server=" + orthanc.aet() + "@127.0.0.1:" + orthanc.dicomPort()));
        all.addAll(keys.siteOptions());
        return MdmCli.run(all);
    }

    private static String value(String text, String label) {
        Matcher m = Pattern.compile("(?m)^" + label + ": (.*)$").matcher(text);
        assertTrue(m.find(), label + " in " + text);
        return m.group(1).trim();
    }

    @Test
    void anImageIsRecordedWithItsSealedSizeAndChecksumOnceAndForAll(@TempDir Path home) throws Exception {
        Path ct = SAMPLES.resolve("CT_small.dcm");
        assertTrue(Files.isRegularFile(ct), "apt-get install python3-pydicom (bin/mdm test installs it)");
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys")); OrthancServer orthanc = OrthancServer.start()) {
            MdmCli register = mdm(home, keys, orthanc, "register", ct.toString());
            assertEquals(0, register.code(), register.err());
            assertEquals("registered " + ct + "\n", register.out());

            MdmCli study = mdm(home, keys, orthanc, "ls", BASE);
            assertEquals(0, study.code(), study.err());
            String studyDir = study.out().trim().replace("/", "");
            assertTrue(studyDir.startsWith("2.25."), "named by the de-identified Study UID: " + study.out());
            String seriesDir = mdm(home, keys, orthanc, "ls", BASE + "/" + studyDir).out().trim().replace("/", "");
            MdmCli ls = mdm(home, keys, orthanc, "ls", "-l", BASE + "/" + studyDir + "/" + seriesDir);
            assertTrue(ls.out().startsWith("-rw------- online"), ls.out());
            String sop = ls.out().trim().substring(ls.out().trim().lastIndexOf(' ') + 1);
            MdmCli stat = mdm(home, keys, orthanc, "stat", BASE + "/" + studyDir + "/" + seriesDir + "/" + sop);
            assertTrue(value(stat.out(), "pfn").startsWith("dicom://" + orthanc.aet() + "@127.0.0.1:"), stat.out());
            String guid = value(stat.out(), "guid");

            MdmCli spool = mdm(home, keys, orthanc, "spool", "ls");
            assertTrue(spool.out().contains("1 files"), "the dry run's sealed file stays in the spool: " + spool.out());
            String[] spoolLine = spool.out().split("\n")[0].trim().split("\\s+");
            assertTrue(ls.out().contains(" " + spoolLine[1] + " " + spoolLine[2] + " "),
                    "recorded size and ADLER32 are the sealed file's: " + ls.out() + " vs " + spool.out());

            MdmCli md = mdm(home, keys, orthanc, "md", "getattr", "/mdm/IMAGE/guid:" + guid, "nx", "ny", "SOPinsUID",
                    "modality");
            assertEquals("128\n128\n" + sop + "\nCT\n", md.out(), md.err());
            MdmCli studyMd = mdm(home, keys, orthanc, "md", "getattr", "/mdm/STUDY/" + studyDir, "StudyInsUID", "date");
            assertEquals(studyDir + "\n20040119\n", studyMd.out(), "the study's entry, named as its directory: "
                    + studyMd.err());
            MdmCli seriesMd = mdm(home, keys, orthanc, "md", "getattr", "/mdm/SERIES/" + seriesDir, "study", "modality");
            assertEquals(studyDir + "\nCT\n", seriesMd.out(), seriesMd.err());
            assertKeyReadableBySe(keys, sop);

            MdmCli again = mdm(home, keys, orthanc, "register", ct.toString());
            assertEquals(0, again.code(), again.err());
            assertEquals("already registered " + ct + "\n", again.out());
        }
    }

    @Test
    void aDirectorysKeysGoToEachKeyServerInOneBatchRequest(@TempDir Path home) throws Exception {
        RegistrationSites.copies(SAMPLES.resolve("CT_small.dcm"), home.resolve("series"), 12);
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys")); OrthancServer orthanc = OrthancServer.start()) {
            List<String> args = new ArrayList<>(List.of("register", home.resolve("series").toString()));
            args.addAll(RegistrationSites.options(home, "spool", keys, orthanc));
            MdmCli register = MdmCli.run(args);
            assertEquals(0, register.code(), register.err());
            assertEquals(12, register.out().lines().filter(l -> l.startsWith("registered ")).count(), register.out());
            assertEquals(3, keys.requests("POST /v1/batch/put"), "one batch of 12 keys per server");
            assertEquals(0, keys.requests("PUT /v1/keys/{id}"), "no key registered one by one");
        }
    }

    @Test
    void aFailedDryRunLeavesNoKeyAndNoEntryAndTheStoredObjectIsReusedByTheRetry(@TempDir Path home) throws Exception {
        Path ct = RegistrationSites.copies(SAMPLES.resolve("CT_small.dcm"), home.resolve("one"), 1).get(0);
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys")); OrthancServer orthanc = OrthancServer.start()) {
            // C-MOVE to a Store SCP this Orthanc does not know as a destination: the dry run fails.
            List<String> failing = new ArrayList<>(List.of("register", ct.toString()));
            failing.addAll(RegistrationSites.options(home, "spool", keys, orthanc));
            failing.addAll(List.of("-D", "dicom.retrieve.method=move", "-D", "dicom.move.scp.port=0"));
            MdmCli dry = MdmCli.run(failing);
            assertEquals(1, dry.code(), dry.out());
            assertTrue(dry.err().contains("Cannot register " + ct), dry.err());
            assertEquals(1, orthanc.instanceIds().size(), "the original stays in the DICOM server");
            List<String> ls = new ArrayList<>(List.of("ls", BASE));
            ls.addAll(RegistrationSites.options(home, "spool", keys, orthanc));
            assertEquals("", MdmCli.run(ls).out(), "no catalogue entry");
            String sop = org.mdm.it.Part10Bytes.parseWithPixelMed(Files.readAllBytes(ct));
            List<String> keyId = new ArrayList<>(List.of("eds", "keyid", sop));
            keyId.addAll(RegistrationSites.options(home, "spool", keys, orthanc));
            String id = MdmCli.run(keyId).out().trim();
            MdmException gone = assertThrows(MdmException.class, () -> keys.user().fetch(id));
            assertEquals(Status.NOT_FOUND, gone.status(), "no share of its key remains: " + gone.getMessage());

            List<String> retry = new ArrayList<>(List.of("register", ct.toString()));
            retry.addAll(RegistrationSites.options(home, "spool", keys, orthanc));
            MdmCli ok = MdmCli.run(retry);
            assertEquals(0, ok.code(), ok.err());
            assertEquals("registered " + ct + "\n", ok.out());
            assertEquals(1, orthanc.instanceIds().size(), "the stored object was reused");
        }
    }

    private static void assertKeyReadableBySe(KeyServerTrio keys, String keyId) throws Exception {
        // the SE (host credential) rebuilds the key the registrant made: what serving needs
        try (var sealing = keys.seal().open(keyId)) {
            assertEquals(keyId, sealing.keyId());
        }
    }

    @Test
    void failuresLeaveNothingBehindAndTheRestOfTheBatchIsRegistered(@TempDir Path home) throws Exception {
        Path mr = SAMPLES.resolve("MR_small.dcm");
        Path notDicom = Files.writeString(home.resolve("notes.dcm"), "not DICOM\n".repeat(30));
        Path batch = Files.createDirectories(home.resolve("batch"));
        Files.copy(SAMPLES.resolve("CT_small.dcm"), batch.resolve("a.dcm"));
        Files.copy(notDicom, batch.resolve("b.dcm"));
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys")); OrthancServer orthanc = OrthancServer.start()) {
            MdmCli mixed = mdm(home, keys, orthanc, "register", batch.toString());
            assertEquals(1, mixed.code());
            assertEquals("registered " + batch.resolve("a.dcm") + "\n", mixed.out(), "the good file of the batch");
            assertTrue(mixed.err().contains(batch.resolve("b.dcm").toString()) && mixed.err().contains("not a DICOM"),
                    mixed.err());

            keys.stop(1);
            MdmCli down = mdm(home, keys, orthanc, "register", mr.toString());
            assertEquals(1, down.code());
            assertTrue(down.err().contains(keys.uris().get(1).toString()), "names the server: " + down.err());
            MdmCli ls = mdm(home, keys, orthanc, "ls", BASE);
            assertEquals(1, ls.out().trim().split("\n").length, "only the CT's study: " + ls.out());
            MdmCli retry = mdm(home, keys, orthanc, "register", mr.toString());
            assertEquals(1, retry.code(), "still one server down");
            assertFalse(retry.err().contains("undid"), "nothing was left unfinished to undo: " + retry.err());
            MdmException gone = assertThrows(MdmException.class, () -> keys.user().fetch(mrKeyId(home, keys, orthanc)));
            assertEquals(Status.NOT_FOUND, gone.status(), "no share of the failed image's key remains: "
                    + gone.getMessage());
        }
    }

    private static String mrKeyId(Path home, KeyServerTrio keys, OrthancServer orthanc) throws Exception {
        String sop = org.mdm.it.Part10Bytes.parseWithPixelMed(Files.readAllBytes(SAMPLES.resolve("MR_small.dcm")));
        MdmCli id = mdm(home, keys, orthanc, "eds", "keyid", sop);
        assertEquals(0, id.code(), id.err());
        return id.out().trim();
    }
}
