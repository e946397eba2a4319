package org.mdm.dicom.register;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.dicom.deid.ImageKeyIds;

/** Registration's first step on real sample files, and on files that must be refused. */
class ImageInspectorTest {
    private static final Path SAMPLES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final String SECRET = HexFormat.of().formatHex("a site secret of at least 32 bytes, for tests"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));

    private static ImageKeyIds ids() throws MdmException {
        return ImageKeyIds.fromConfig(Map.of("secret", SECRET));
    }

    private static Path sample(String name) {
        Path p = SAMPLES.resolve(name);
        assertTrue(Files.isRegularFile(p), p + " is missing: apt-get install python3-pydicom (bin/mdm test installs it)");
        return p;
    }

    @Test
    void aRealCtGivesItsDeidentifiedNamesAndItsSplitMetadata() throws Exception {
        Path ct = sample("CT_small.dcm");
        ImageFacts f = new ImageInspector(ids()).inspect(ct);
        assertEquals("1.2.840.10008.5.1.4.1.1.2", f.sopClassUid());
        assertEquals(ids().of(f.sopInstanceUid()), f.keyId(), "the key id is the de-identified SOP UID");
        String[] path = f.relativePath().split("/");
        assertEquals(3, path.length);
        for (String segment : path) {
            assertTrue(segment.startsWith("2.25."), "named by de-identified UIDs only: " + f.relativePath());
        }
        assertFalse(f.relativePath().contains(f.studyUid()) || f.relativePath().contains(f.seriesUid()));
        assertTrue(f.patientKey().matches("[0-9a-f]{32}"), f.patientKey());
        assertEquals("CompressedSamples^CT1", f.patient().get("name"));
        assertEquals("1CT1", f.patient().get("id"));
        assertFalse(f.image().containsValue("CompressedSamples^CT1"), "no identifying value among IMAGE attributes");
        assertEquals("128", f.image().get("nx"));
        assertEquals("CT", f.image().get("modality"));
        assertEquals(f.sopInstanceUid(), f.image().get("origSOPinsUID"), "kept, as a protected attribute");
        assertEquals(Map.of("StudyInsUID", f.deidStudyUid(), "patient", f.patientKey(), "origStudyInsUID",
                f.studyUid(), "date", "20040119", "description", "e+1"), f.study(), "STUDY, named as its directory");
        assertEquals(Map.of("SeriesInsUID", f.deidSeriesUid(), "study", f.deidStudyUid(), "origSeriesInsUID",
                f.seriesUid(), "modality", "CT"), f.series(), "SERIES: no description in this file, none kept");
        byte[] file = Files.readAllBytes(ct);
        assertEquals(0x08, file[(int) f.datasetOffset()], "the data set starts with group 0008");
        assertEquals(0x00, file[(int) f.datasetOffset() + 1]);
    }

    @Test
    void namesAreStableUnderOneSecretAndDifferUnderAnother() throws Exception {
        ImageFacts a = new ImageInspector(ids()).inspect(sample("MR_small.dcm"));
        ImageFacts b = new ImageInspector(ids()).inspect(sample("MR_small.dcm"));
        assertEquals(a, b);
        ImageKeyIds other = ImageKeyIds.fromConfig(Map.of("secret", HexFormat.of().formatHex(
                "another site's secret, also 32 bytes or more".getBytes(java.nio.charset.StandardCharsets.US_ASCII))));
        ImageFacts c = new ImageInspector(other).inspect(sample("MR_small.dcm"));
        assertNotEquals(a.keyId(), c.keyId());
        assertNotEquals(a.patientKey(), c.patientKey());
    }

    @Test
    void whatIsNotADicomObjectIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not DICOM at all\n".repeat(20));
        Path truncated = dir.resolve("truncated.dcm");
        Files.write(truncated, Arrays.copyOf(Files.readAllBytes(sample("CT_small.dcm")), 400));
        Path empty = Files.write(dir.resolve("empty.dcm"), new byte[0]);
        for (Path bad : new Path[] {text, truncated, empty}) {
            MdmException e = assertThrows(MdmException.class, () -> new ImageInspector(ids()).inspect(bad));
            assertEquals(Status.CORRUPT_DATA, e.status(), bad + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        }
        MdmException missing = assertThrows(MdmException.class,
                () -> new ImageInspector(ids()).inspect(dir.resolve("nope.dcm")));
        assertEquals(Status.IO_ERROR, missing.status());
    }

    @Test
    void missingOrMalformedUidsAreRefusedNamingTheFileAndTheUid(@TempDir Path dir) throws Exception {
        Path malformed = Files.copy(sample("CT_small.dcm"), dir.resolve("malformed.dcm"));
        Path missing = Files.copy(sample("CT_small.dcm"), dir.resolve("missing.dcm"));
        dcmodify("-m", "SOPInstanceUID=1.2.abc.3", malformed);
        dcmodify("-e", "StudyInstanceUID", missing);
        MdmException bad = assertThrows(MdmException.class, () -> new ImageInspector(ids()).inspect(malformed));
        assertTrue(bad.getMessage().contains(malformed.toString()) && bad.getMessage().contains("SOP Instance UID"),
                bad.getMessage());
        MdmException none = assertThrows(MdmException.class, () -> new ImageInspector(ids()).inspect(missing));
        assertTrue(none.getMessage().contains(missing.toString()) && none.getMessage().contains("Study Instance UID"),
                none.getMessage());
    }

    /** dcmodify (dcmtk) on {@code file}, without a backup. */
    private static void dcmodify(String option, String what, Path file) throws Exception {
        Process p = new ProcessBuilder("dcmodify", "-nb", "-q", option, what, file.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "dcmodify (apt-get install dcmtk): " + out);
    }
}
