package org.mdm.dicom.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
        run(dictionary, "dcmodify", "-nb",
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
