package org.mdm.dicom.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SequenceAttribute;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mdm.api.transform.ErasedValue;

/**
 * Real sample objects (pydicom's) with private and unknown public elements added by dcmtk's
 * {@code dcmodify}: texts, numbers and a private sequence holding a private text. dcmodify needs
 * a dictionary entry to give an element its VR, so a small dictionary naming them is written
 * next to the copies and passed in {@code DCMDICTPATH}. In the implicit VR variants no reader
 * other than dcmtk with that dictionary knows these elements: PixelMed, Orthanc and dcmqrscp
 * see them as UN, which is the case of issue 9. Shared with the integration tests (test-jar).
 *
 * <p>A missing dcmtk or sample fails with the package to install; nothing is skipped.
 */
public final class PrivateElementObjects {
    /** The private creator of the added block (0033,10xx). */
    public static final String CREATOR = "MDM TEST";
    /** Private values that must never survive de-identification, by tag. */
    public static final Map<String, String> PRIVATE_TEXTS = Map.of(
            "(0033,1010)", "secret text", "(0033,1020)[0]/(0033,1021)", "nested secret");
    /** The unknown public text element: kept or removed by the profile, never failing. */
    public static final String UNKNOWN_PUBLIC = "(0018,99F0)";
    private static final Path PYDICOM = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final String DICTIONARY = String.join("\n",
            "(0033,\"MDM TEST\",10)\tLO\tMdmTestText\t1\tPrivateTag",
            "(0033,\"MDM TEST\",11)\tUS\tMdmTestNumber\t1\tPrivateTag",
            "(0033,\"MDM TEST\",12)\tFD\tMdmTestDouble\t1\tPrivateTag",
            "(0033,\"MDM TEST\",21)\tST\tMdmTestNestedText\t1\tPrivateTag",
            // dcmodify resolves a path's sequence without its creator, so the sequence is listed bare too.
            "(0033,\"MDM TEST\",20)\tSQ\tMdmTestSequence\t1\tPrivateTag",
            "(0033,1020)\tSQ\tMdmTestSequenceBare\t1\tPrivateTag",
            "(0018,99F0)\tLO\tMdmUnknownPublicText\t1\tDICOM",
            "(0018,99F1)\tUL\tMdmUnknownPublicNumber\t1\tDICOM", "");

    /** One object: its file and what it is. */
    public record Made(String label, Path file) {
    }

    private PrivateElementObjects() {
    }

    /**
     * Writes the variants into {@code dir}: implicit VR (MR), explicit VR little endian (CT),
     * explicit VR big endian (MR), and implicit VR with undefined-length sequences and items (CT).
     */
    public static List<Made> make(Path dir) {
        try {
            Path dictionary = dir.resolve("mdm-test.dic");
            Files.writeString(dictionary, DICTIONARY, StandardCharsets.US_ASCII);
            List<Made> made = new ArrayList<>();
            made.add(modified(dir, dictionary, "MR_small_implicit.dcm", "private-implicit.dcm"));
            made.add(modified(dir, dictionary, "CT_small.dcm", "private-explicit.dcm"));
            made.add(modified(dir, dictionary, "MR_small_bigendian.dcm", "private-bigendian.dcm"));
            Made undefined = new Made("private-implicit-undefined.dcm", dir.resolve("private-implicit-undefined.dcm"));
            run(dictionary, "dcmconv", "+ti", "-e", made.get(1).file().toString(), undefined.file().toString());
            // A SOP Instance UID of its own, keeping the undefined lengths.
            run(dictionary, "dcmodify", "-nb", "-gin", "-le", undefined.file().toString());
            made.add(undefined);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Made modified(Path dir, Path dictionary, String sample, String name) throws IOException {
        Path source = PYDICOM.resolve(sample);
        if (!Files.isRegularFile(source)) {
            throw new AssertionError("Sample " + source + " is missing: run 'apt-get install python3-pydicom'");
        }
        Path file = dir.resolve(name);
        Files.copy(source, file, StandardCopyOption.REPLACE_EXISTING);
        // The creator must exist before dcmodify accepts an element of its block.
        run(dictionary, "dcmodify", "-nb", "-i", "(0033,0010)=" + CREATOR, file.toString());
        // -gin: a fresh SOP Instance UID, as the samples share theirs (one image, several encodings).
        run(dictionary, "dcmodify", "-nb", "-gin",
                "-i", "(0033,1010)=secret text",
                "-i", "(0033,1011)=4660",
                "-i", "(0033,1012)=3.25",
                "-i", "(0033,1020)[0].(0033,0010)=" + CREATOR,
                "-i", "(0033,1020)[0].(0033,1021)=nested secret",
                "-i", "(0018,99F0)=unknown public",
                "-i", "(0018,99F1)=77", file.toString());
        return new Made(name, file);
    }

    /** dcmtk's own dictionaries (their folder is named after the library's soname). */
    private static String dcmtkDictionaries() throws IOException {
        try (var dirs = Files.list(Path.of("/usr/share"))) {
            Path dir = dirs.filter(d -> d.getFileName().toString().startsWith("libdcmtk"))
                    .filter(d -> Files.isRegularFile(d.resolve("dicom.dic"))).findFirst()
                    .orElseThrow(() -> new AssertionError("dcmtk's dicom.dic is missing: run 'apt-get install dcmtk'"));
            return dir.resolve("dicom.dic") + ":" + dir.resolve("private.dic");
        }
    }

    /**
     * Asserts that a de-identified object holds no private attribute at any depth and none of
     * the private texts anywhere in its bytes, and that the report lists every private value
     * (texts decoded from base64 when they arrived as UN) as removed.
     */
    public static void assertDeidentified(byte[] output, List<ErasedValue> erased) throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(output))) {
            list.read(in);
        }
        List<String> privates = new ArrayList<>();
        privateTags(list, "", privates);
        assertEquals(List.of(), privates, "private attributes left in the output");
        String text = new String(output, StandardCharsets.ISO_8859_1);
        for (Map.Entry<String, String> secret : PRIVATE_TEXTS.entrySet()) {
            assertFalse(text.contains(secret.getValue()), secret.getKey() + "'s value is still in the output bytes");
            ErasedValue reported = erased.stream().filter(e -> e.tag().equals(secret.getKey())).findFirst()
                    .orElse(null);
            assertNotNull(reported, secret.getKey() + " is not in the report");
            assertEquals(ErasedValue.Action.REMOVED, reported.action(), secret.getKey());
            assertEquals(secret.getValue(), decoded(reported.original()), secret.getKey());
        }
        for (String numeric : List.of("(0033,1011)", "(0033,1012)")) {
            assertTrue(erased.stream().anyMatch(e -> e.tag().equals(numeric)), numeric + " not reported");
        }
    }

    /** A report value as text: binary values are base64 of their bytes, with DICOM padding. */
    private static String decoded(String value) {
        if (!value.startsWith("base64:")) {
            return value.trim();
        }
        byte[] bytes = Base64.getDecoder().decode(value.substring("base64:".length()));
        return new String(bytes, StandardCharsets.ISO_8859_1).replace("\0", "").trim();
    }

    private static void privateTags(AttributeList list, String prefix, List<String> found) {
        for (Attribute a : list.values()) {
            String path = prefix + String.format(Locale.ROOT, "(%04X,%04X)", a.getGroup(), a.getElement());
            if (a.getTag().isPrivate()) {
                found.add(path);
            }
            if (a instanceof SequenceAttribute sq) {
                for (int i = 0; i < sq.getNumberOfItems(); i++) {
                    privateTags(sq.getItem(i).getAttributeList(), path + "[" + i + "]/", found);
                }
            }
        }
    }

    private static void run(Path dictionary, String... command) throws IOException {
        Path binary = Path.of("/usr/bin", command[0]);
        if (!Files.isExecutable(binary)) {
            throw new AssertionError(command[0] + " is not installed: run 'apt-get install dcmtk'");
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DCMDICTPATH", dcmtkDictionaries() + ":" + dictionary);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
