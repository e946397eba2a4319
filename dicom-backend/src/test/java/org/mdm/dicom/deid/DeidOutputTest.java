package org.mdm.dicom.deid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mdm.api.transform.ErasedValue;

/** Pixel data, transfer syntax, determinism, keyed UIDs and the report, on every valid sample. */
class DeidOutputTest {

    static java.util.List<String> samples() {
        return Samples.VALID;
    }

    @ParameterizedTest
    @MethodSource("samples")
    void pixelDataBytesAreIdenticalAndTransferSyntaxKept(String sample) throws Exception {
        byte[] input = Samples.bytes(sample);
        byte[] output = Fixtures.run(input, DeidOptions.DEFAULT, Fixtures.SECRET).output();
        Part10Layout in = Part10Scanner.scan(input, sample);
        Part10Layout out = Part10Scanner.scan(output, sample);
        assertEquals(in.transferSyntaxUid(), out.transferSyntaxUid(), "same transfer syntax");
        assertEquals(in.hasPixelData(), out.hasPixelData());
        if (in.hasPixelData()) {
            assertArrayEquals(Arrays.copyOfRange(in.dataSet(), in.pixelStart(), in.pixelEnd()),
                    Arrays.copyOfRange(out.dataSet(), out.pixelStart(), out.pixelEnd()),
                    "raw Pixel Data element (value or fragments) must be byte-identical");
            Attribute a = Fixtures.parse(input).get(TagFromName.PixelData);
            Attribute b = Fixtures.parse(output).get(TagFromName.PixelData);
            assertEquals(a.getClass(), b.getClass(), "PixelMed sees the same kind of pixel data (not decompressed)");
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void sameInputSameBytesOtherSecretOtherUids(String sample) throws Exception {
        byte[] input = Samples.bytes(sample);
        byte[] first = Fixtures.run(input, DeidOptions.DEFAULT, Fixtures.SECRET).output();
        byte[] second = new Fixtures.Result(Fixtures.run(input.clone(), DeidOptions.DEFAULT, Fixtures.SECRET).output(),
                null).output();
        assertArrayEquals(first, second, "two runs must be byte-identical");
        byte[] other = Fixtures.run(input, DeidOptions.DEFAULT, Fixtures.OTHER_SECRET).output();
        AttributeList a = Fixtures.parse(first);
        AttributeList b = Fixtures.parse(other);
        String original = Attribute.getSingleStringValueOrEmptyString(Fixtures.parse(input), TagFromName.SOPInstanceUID);
        String uidA = Attribute.getSingleStringValueOrEmptyString(a, TagFromName.SOPInstanceUID);
        assertEquals(Fixtures.expectedUid(Fixtures.SECRET, original), uidA);
        assertTrue(uidA.length() <= 64 && uidA.matches("2\\.25\\.[1-9][0-9]*"), uidA);
        assertNotEquals(uidA, Attribute.getSingleStringValueOrEmptyString(b, TagFromName.SOPInstanceUID));
        assertEquals(MetaHeader.IMPLEMENTATION_CLASS_UID,
                Attribute.getSingleStringValueOrEmptyString(a, TagFromName.ImplementationClassUID));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void noPrivateAttributeSurvives(String sample) throws Exception {
        AttributeList out = Fixtures.parse(Fixtures.run(Samples.bytes(sample), DeidOptions.DEFAULT,
                Fixtures.SECRET).output());
        assertNoPrivate(out, sample);
    }

    private static void assertNoPrivate(AttributeList list, String where) {
        for (Attribute attribute : list.values()) {
            assertFalse(attribute.getTag().isPrivate(), where + " " + ValueText.tag(attribute.getTag()));
            if (attribute instanceof SequenceAttribute sequence) {
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    assertNoPrivate(sequence.getItem(i).getAttributeList(), where);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("samples")
    void reportListsEveryChangedValueAndNoOther(String sample) throws Exception {
        byte[] input = Samples.bytes(sample);
        Fixtures.Result result = Fixtures.run(input, DeidOptions.DEFAULT, Fixtures.SECRET);
        Map<String, String> before = leaves(Fixtures.parse(input));
        Map<String, String> after = leaves(Fixtures.parse(result.output()));
        Set<String> changed = new HashSet<>();
        before.forEach((path, value) -> {
            if (!value.equals(after.get(path))) {
                changed.add(path);
            }
        });
        Set<String> reported = new HashSet<>();
        for (ErasedValue erased : result.report().erased()) {
            assertTrue(reported.add(erased.tag()), "reported once: " + erased);
            if (!erased.tag().startsWith("(0002,")) {
                assertEquals(before.get(erased.tag()), erased.original(), "original value of " + erased);
            }
        }
        reported.removeIf(tag -> tag.startsWith("(0002,"));
        assertEquals(new java.util.TreeSet<>(changed), new java.util.TreeSet<>(reported), sample);
    }

    /** Leaf values by path, meta header, group lengths and pixel data aside. */
    private static Map<String, String> leaves(AttributeList list) throws Exception {
        Map<String, String> leaves = new HashMap<>();
        for (Attribute attribute : list.values()) {
            int group = attribute.getGroup();
            if (group == 0x0002 || attribute.getTag().isGroupLength()
                    || attribute.getTag().equals(TagFromName.PixelData)) {
                continue;
            }
            for (ErasedValue leaf : ValueText.leaves(attribute, "", ErasedValue.Action.REMOVED)) {
                leaves.put(leaf.tag(), leaf.original());
            }
        }
        return leaves;
    }
}
