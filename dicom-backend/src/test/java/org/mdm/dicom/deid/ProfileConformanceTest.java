package org.mdm.dicom.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every attribute of every sample, checked against Table E.1-1 for the default options and for
 * each option switched on alone.
 */
class ProfileConformanceTest {
    private static final DateTimeFormatter DA = DateTimeFormatter.BASIC_ISO_DATE;
    private static TableOracle oracle;

    static Map<String, DeidOptions> optionSets() {
        return Map.of(
                "default", DeidOptions.DEFAULT,
                "basic only", new DeidOptions(false, false, false, false, false, false, false),
                "full dates", new DeidOptions(false, true, false, false, false, false, false),
                "patient characteristics", new DeidOptions(true, false, true, false, false, false, false),
                "device identity", new DeidOptions(true, false, false, true, false, false, false),
                "institution identity", new DeidOptions(true, false, false, false, true, false, false),
                "retain uids", new DeidOptions(true, false, false, false, false, true, false),
                "clean descriptors", new DeidOptions(true, false, false, false, false, false, true));
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String sample : Samples.VALID) {
            optionSets().forEach((name, options) -> cases.add(Arguments.of(sample, name, options)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} / {1}")
    @MethodSource("cases")
    void everyAttributeFollowsTheTable(String sample, String optionName, DeidOptions options) throws Exception {
        if (oracle == null) {
            oracle = new TableOracle();
        }
        byte[] input = Samples.bytes(sample);
        AttributeList in = Fixtures.parse(input);
        AttributeList out = Fixtures.parse(Fixtures.run(input, options, Fixtures.SECRET).output());
        String patientId = Attribute.getSingleStringValueOrEmptyString(in, TagFromName.PatientID);
        int offset = Fixtures.expectedOffset(Fixtures.SECRET, patientId);
        check(in, out, options, offset, sample + " ");
        assertEquals("YES", Attribute.getSingleStringValueOrEmptyString(out, TagFromName.PatientIdentityRemoved));
        String temporal = options.longitudinalModifiedDates() ? "MODIFIED"
                : options.longitudinalFullDates() ? "UNMODIFIED" : "REMOVED";
        assertEquals(temporal, Attribute.getSingleStringValueOrEmptyString(out,
                TagFromName.LongitudinalTemporalInformationModified));
        SequenceAttribute codes = (SequenceAttribute) out.get(TagFromName.DeidentificationMethodCodeSequence);
        assertEquals(options.methodCodes().size(), codes.getNumberOfItems(), "one CID 7050 code per option");
        assertEquals("113100", Attribute.getSingleStringValueOrEmptyString(codes.getItem(0).getAttributeList(),
                TagFromName.CodeValue));
        String sop = Attribute.getSingleStringValueOrEmptyString(out, TagFromName.SOPInstanceUID);
        assertEquals(sop, Attribute.getSingleStringValueOrEmptyString(out, TagFromName.MediaStorageSOPInstanceUID));
    }

    private void check(AttributeList in, AttributeList out, DeidOptions options, int offset, String where)
            throws Exception {
        for (Map.Entry<AttributeTag, Attribute> entry : in.entrySet()) {
            AttributeTag tag = entry.getKey();
            if (tag.getGroup() == 0x0002 || tag.isGroupLength() || tag.equals(TagFromName.PixelData)
                    || isMarker(tag)) {
                continue;
            }
            Attribute before = entry.getValue();
            Attribute after = out.get(tag);
            String t = ValueText.tag(tag);
            String at = where + t + " " + ValueText.keyword(tag);
            TableOracle.Expect expect = oracle.expect(t, before.getVRAsString(), ValueText.keyword(tag), options);
            checkOne(expect, before, after, options, offset, at);
        }
    }

    private static boolean isMarker(AttributeTag tag) {
        return tag.equals(TagFromName.PatientIdentityRemoved) || tag.equals(TagFromName.DeidentificationMethod)
                || tag.equals(TagFromName.DeidentificationMethodCodeSequence)
                || tag.equals(TagFromName.LongitudinalTemporalInformationModified);
    }

    private void checkOne(TableOracle.Expect expect, Attribute before, Attribute after, DeidOptions options,
            int offset, String at) throws Exception {
        String original = before instanceof SequenceAttribute ? "" : ValueText.text(before);
        if (expect == TableOracle.Expect.ABSENT) {
            assertNull(after, at + " must be removed (X)");
            return;
        }
        assertNotNull(after, at + " must be present (" + expect + ")");
        String now = after instanceof SequenceAttribute ? "" : ValueText.text(after);
        switch (expect) {
            case EMPTY -> assertTrue(after instanceof SequenceAttribute s ? s.getNumberOfItems() == 0 : now.isEmpty(),
                    at + " must be empty (Z)");
            case DUMMY -> {
                if (!original.isEmpty() && !(after instanceof SequenceAttribute)) {
                    assertNotEquals(original, now, at + " must be replaced by a dummy (D)");
                }
            }
            case UID -> checkUids(before, after, at);
            case SHIFT -> checkShift(before, original, now, offset, at);
            case CLEAN -> checkClean(original, now, at);
            case KEEP -> {
                if (before instanceof SequenceAttribute seqIn) {
                    SequenceAttribute seqOut = (SequenceAttribute) after;
                    assertEquals(seqIn.getNumberOfItems(), seqOut.getNumberOfItems(), at + " items");
                    for (int i = 0; i < seqIn.getNumberOfItems(); i++) {
                        check(seqIn.getItem(i).getAttributeList(), seqOut.getItem(i).getAttributeList(), options,
                                offset, at + "[" + i + "]/");
                    }
                } else {
                    assertEquals(original, now, at + " must be kept (K)");
                }
            }
            default -> throw new AssertionError(expect);
        }
    }

    private static void checkUids(Attribute before, Attribute after, String at) throws Exception {
        String[] in = before.getStringValues();
        String[] out = after.getStringValues();
        if (in == null || in.length == 0) {
            return;
        }
        assertEquals(in.length, out.length, at);
        for (int i = 0; i < in.length; i++) {
            String expected = in[i].startsWith("1.2.840.10008.") ? in[i] : Fixtures.expectedUid(Fixtures.SECRET, in[i]);
            assertEquals(expected, out[i], at + " must be the keyed UID (U)");
        }
    }

    private static void checkShift(Attribute before, String original, String now, int offset, String at) {
        if (original.isEmpty()) {
            return;
        }
        String[] in = original.split("\\\\", -1);
        String[] out = now.split("\\\\", -1);
        if (now.isEmpty()) {
            return; // a value that was not a valid date is emptied; nothing identifying remains
        }
        assertEquals(in.length, out.length, at);
        for (int i = 0; i < in.length; i++) {
            LocalDate a = LocalDate.parse(in[i].trim().replace(".", "").substring(0, 8), DA);
            LocalDate b = LocalDate.parse(out[i].substring(0, 8), DA);
            assertEquals(offset, ChronoUnit.DAYS.between(a, b), at + " must be shifted by the patient's offset");
            assertEquals(in[i].trim().length() - (in[i].contains(".") ? 2 : 0), out[i].length(), at + " precision");
            if ("DT".equals(before.getVRAsString())) {
                assertEquals(in[i].trim().substring(8), out[i].substring(8), at + " time part of DT kept");
            }
        }
    }

    private static void checkClean(String original, String now, String at) {
        assertEquals(original.length(), now.length(), at + " cleaning masks in place");
        for (int i = 0; i < original.length(); i++) {
            assertTrue(now.charAt(i) == '*' || now.charAt(i) == original.charAt(i), at + " cleaning only masks");
        }
        assertFalse(now.isEmpty() && !original.isEmpty(), at);
    }
}
