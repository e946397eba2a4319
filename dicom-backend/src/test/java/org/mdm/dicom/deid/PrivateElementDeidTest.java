package org.mdm.dicom.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
        List<String> privates = new ArrayList<>();
        privateTags(Fixtures.parse(output), "", privates);
        assertEquals(List.of(), privates, "private attributes left in the output");
        String text = new String(output, StandardCharsets.ISO_8859_1);
        for (Map.Entry<String, String> secret : PrivateElementObjects.PRIVATE_TEXTS.entrySet()) {
            assertFalse(text.contains(secret.getValue()), secret.getKey() + "'s value is still in the output bytes");
            ErasedValue reported = erased.stream().filter(e -> e.tag().equals(secret.getKey())).findFirst()
                    .orElse(null);
            assertNotNull(reported, secret.getKey() + " is not in the report: " + erased);
            assertEquals(ErasedValue.Action.REMOVED, reported.action());
            assertEquals(secret.getValue(), decoded(reported.original()), secret.getKey());
        }
        for (String numeric : List.of("(0033,1011)", "(0033,1012)")) {
            assertTrue(erased.stream().anyMatch(e -> e.tag().equals(numeric)), numeric + " not reported");
        }
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
            String path = prefix + ValueText.tag(a.getTag());
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
}
