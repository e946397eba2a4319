package org.mdm.dicom.deid;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.dicom.testing.FuzzRun;
import org.mdm.dicom.testing.PrivateElementObjects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The de-identifier on {@link FuzzRun#COUNT} seeded mutants of the real samples (and of the
 * private-element objects of issue 9): each one either de-identifies into an object that scans
 * as valid Part 10, or is refused with CORRUPT_DATA naming the element (its tag) or the byte
 * where the structure broke; any other exception, a hang or a heap blow-up fails the test.
 */
class DeidFuzzTest {
    private static final Logger LOG = LoggerFactory.getLogger(DeidFuzzTest.class);
    /** Where a refusal says the object broke: a tag, a byte position, or the missing Part 10 frame. */
    private static final Pattern NAMES_WHERE = Pattern.compile(
            "\\([0-9A-F]{4},[0-9A-F]{4}\\)|at byte \\d+|not a (valid )?DICOM Part 10 stream|deflated data set");
    private final DeidTransform transform = new DeidTransform(Fixtures.SECRET, DeidOptions.DEFAULT);

    @Test
    void mutantsDeidentifyOrAreRefusedAsCorrupt(@TempDir Path dir) throws Exception {
        List<byte[]> originals = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String name : Samples.VALID) {
            originals.add(Samples.bytes(name));
            names.add(name);
        }
        for (PrivateElementObjects.Made m : PrivateElementObjects.make(dir)) {
            originals.add(Files.readAllBytes(m.file()));
            names.add(m.label());
        }
        FuzzRun run = FuzzRun.run(originals, names, this::deidentify);
        LOG.info("de-identifier fuzz: {}", run.summary());
        assertTrue(run.count("de-identified") > 0 && run.count("refused") > 0, run.summary());
    }

    private String deidentify(byte[] mutant, String label) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            transform.apply(new ByteArrayInputStream(mutant), out, label);
        } catch (MdmException e) {
            if (e.status() != Status.CORRUPT_DATA || !e.getMessage().contains(label)
                    || !NAMES_WHERE.matcher(e.getMessage()).find() || out.size() != 0) {
                throw new AssertionError("refused wrongly (" + e.status() + ", " + out.size() + " bytes written): "
                        + e.getMessage(), e);
            }
            return "refused";
        }
        Part10Scanner.scan(out.toByteArray(), label + " (output)");
        return "de-identified";
    }
}
