package org.mdm.dicom.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.transform.ErasedValue;
import org.mdm.dicom.testing.PrivateElementObjects;

/**
 * Issue 9: objects with private elements that arrive as UN (implicit VR) and private sequences
 * (defined and undefined length) de-identify in every byte order; nothing private remains and
 * every private value is in the erased-value report.
 */
class PrivateElementDeidTest {
    @TempDir
    static Path dir;

    @TestFactory
    Stream<DynamicTest> privateElementsAreRemovedAndReported() {
        return PrivateElementObjects.make(dir).stream()
                .map(m -> DynamicTest.dynamicTest(m.label(), () -> check(Files.readAllBytes(m.file()))));
    }

    /** Checks one object; shared with the integration tests through {@link #checkDeidentified}. */
    private static void check(byte[] input) throws Exception {
        Fixtures.Result r = Fixtures.run(input, DeidOptions.DEFAULT, Fixtures.SECRET);
        checkDeidentified(r.output(), r.report().erased());
    }

    static void checkDeidentified(byte[] output, List<ErasedValue> erased) throws Exception {
        PrivateElementObjects.assertDeidentified(output, erased);
    }

    @Test
    void reasonCarriesNoValue() {
        String reason = AttributeFailure.reason(new NumberFormatException("For input string: \"Smith^John\""));
        assertEquals("NumberFormatException: For input", reason);
        String quoted = AttributeFailure.reason(new IllegalStateException("bad value 'Doe' in 1.2.840.99.123456"));
        assertFalse(quoted.contains("Doe") || quoted.contains("1.2.840"), quoted);
        String plain = AttributeFailure.reason(new IllegalArgumentException(
                "Returning UN VR bytes in big endian not supported"));
        assertTrue(plain.contains("UN VR bytes in big endian not supported"), plain);
    }

}
