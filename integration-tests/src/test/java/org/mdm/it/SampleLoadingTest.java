package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fixture itself: Orthanc holds every sample file in the file's own transfer syntax, byte for
 * byte, each SOP Instance UID once, and the encodings retrieval must cope with are all there.
 */
@ExtendWith(SharedOrthanc.class)
class SampleLoadingTest {
    /** Transfer syntaxes (and what they are) the retrieval tests must exercise. */
    private static final Map<String, String> REQUIRED = requiredSyntaxes();
    private static SampleImages samples;

    private static Map<String, String> requiredSyntaxes() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("1.2.840.10008.1.2", "implicit VR little endian");
        m.put("1.2.840.10008.1.2.1", "explicit VR little endian");
        m.put("1.2.840.10008.1.2.2", "explicit VR big endian");
        m.put("1.2.840.10008.1.2.1.99", "deflated explicit VR little endian");
        m.put("1.2.840.10008.1.2.5", "RLE lossless");
        m.put("1.2.840.10008.1.2.4.80", "JPEG-LS lossless");
        m.put("1.2.840.10008.1.2.4.70", "JPEG lossless, first-order prediction");
        m.put("1.2.840.10008.1.2.4.90", "JPEG 2000 lossless");
        m.put("1.2.840.10008.1.2.4.91", "JPEG 2000");
        m.put("1.2.840.10008.1.2.4.50", "JPEG baseline");
        m.put("1.2.840.10008.1.2.4.51", "JPEG extended");
        return m;
    }

    @BeforeAll
    static void setUp(SharedOrthanc.Fixture f) {
        samples = f.samples();
    }

    @Test
    void orthancHoldsEveryTransferSyntaxRetrievalMustHandle() {
        Set<String> held = samples.byTransferSyntax().keySet();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, String> e : REQUIRED.entrySet()) {
            if (!held.contains(e.getKey())) {
                missing.add(e.getValue() + " (" + e.getKey() + "): " + whyMissing(e.getKey()));
            }
        }
        assertTrue(missing.isEmpty(), "Orthanc holds no object in:\n  " + String.join("\n  ", missing)
                + "\n" + samples.summary());
    }

    /** The sample files in a transfer syntax that Orthanc refused, with its answers. */
    private static String whyMissing(String ts) {
        List<String> why = new ArrayList<>();
        samples.rejected().forEach((file, reason) -> {
            if (ts.equals(transferSyntaxOrNull(file))) {
                why.add(file.getFileName() + " refused: " + reason);
            }
        });
        return why.isEmpty() ? "no sample file has it" : String.join("; ", why);
    }

    private static String transferSyntaxOrNull(Path file) {
        try {
            return SampleFileFacts.transferSyntax(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Test
    void orthancHoldsMultiFrameObjectsInSeveralEncodings() throws IOException {
        Set<String> multiFrameSyntaxes = new TreeSet<>();
        for (SampleImages.Sample s : samples.accepted()) {
            if (SampleFileFacts.numberOfFrames(s.keptFile()) > 1) {
                multiFrameSyntaxes.add(s.transferSyntaxUid());
            }
        }
        // e.g. SC_rgb_rle_2frame (RLE), rtdose (implicit, big endian), 00191113 (JPEG lossless)
        assertTrue(multiFrameSyntaxes.size() >= 3, "multi-frame objects only in " + multiFrameSyntaxes);
    }

    @Test
    void orthancHoldsTheExactBytesOfEachKeptFileInItsOwnTransferSyntax() throws IOException {
        for (SampleImages.Sample s : samples.accepted()) {
            assertEquals(SampleFileFacts.transferSyntax(s.keptFile()), s.transferSyntaxUid(), s.label());
            assertArrayEquals(Files.readAllBytes(s.keptFile()), samples.storedFile(s), s.label());
        }
    }

    @Test
    void sharedUidsGetFreshUidCopiesWithTheSameTransferSyntaxAndPixelData() throws IOException {
        List<SampleImages.Sample> copies = samples.accepted().stream().filter(SampleImages.Sample::freshUid).toList();
        // MR_small has 7 re-encodings, SC_rgb_rle 5, rtdose 5, and more: fewer means duplicates went unnoticed.
        assertTrue(copies.size() >= 15, "only " + copies.size() + " fresh-UID copies");
        int withPixels = 0;
        for (SampleImages.Sample s : copies) {
            assertEquals(SampleFileFacts.transferSyntax(s.sourceFile()), SampleFileFacts.transferSyntax(s.keptFile()),
                    "dcmodify changed the transfer syntax of " + s.sourceFile());
            byte[] pixels = SampleFileFacts.pixelDataValue(s.sourceFile());
            assertArrayEquals(pixels, SampleFileFacts.pixelDataValue(s.keptFile()),
                    "dcmodify changed the pixel data of " + s.sourceFile());
            assertNotEquals(SampleFileFacts.sopInstanceUid(s.sourceFile()), s.sopInstanceUid(), s.label());
            assertEquals(SampleFileFacts.sopInstanceUid(s.keptFile()), s.sopInstanceUid(), s.label());
            withPixels += pixels.length > 0 ? 1 : 0;
        }
        assertTrue(withPixels >= 10, "only " + withPixels + " copies have pixel data: the comparison proves little");
    }

    @Test
    void everyMrSmallEncodingIsHeld() {
        Set<String> names = samples.accepted().stream().map(s -> s.sourceFile().getFileName().toString())
                .collect(Collectors.toSet());
        for (String n : List.of("MR_small.dcm", "MR_small_RLE.dcm", "MR_small_bigendian.dcm", "MR_small_expb.dcm",
                "MR_small_implicit.dcm", "MR_small_jp2klossless.dcm", "MR_small_jpeg_ls_lossless.dcm",
                "MR_small_padded.dcm")) {
            assertTrue(names.contains(n), n + " is not held: " + samples.summary());
        }
    }

    @Test
    void eachSopInstanceUidIsHeldOnceAndEveryFileIsAccountedFor() throws IOException {
        Set<String> uids = new HashSet<>();
        for (SampleImages.Sample s : samples.accepted()) {
            assertTrue(uids.add(s.sopInstanceUid()), "UID held twice: " + s.label());
        }
        Set<Path> accounted = new HashSet<>(samples.rejected().keySet());
        samples.accepted().forEach(s -> accounted.add(s.sourceFile()));
        assertEquals(new HashSet<>(SampleImages.sampleFiles()), accounted);
        assertEquals(SampleImages.sampleFiles().size(), samples.accepted().size() + samples.rejected().size());
        samples.rejected().forEach((f, why) -> assertTrue(why != null && why.startsWith("Orthanc answered"), f + ": " + why));
    }
}
