package org.mdm.dicom.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;

/**
 * Collects, before anything is changed, the text values the profile is about to erase (person
 * names, IDs, institutions, addresses), so that the Clean action can mask them wherever else
 * they appear in free text.
 */
final class IdentifyingValues {
    private static final Set<String> TEXT_VRS = Set.of("PN", "LO", "SH", "ST", "LT", "UT", "UC", "AE");

    private IdentifyingValues() {
    }

    static Set<String> collect(AttributeList list, RuleResolver resolver) throws AttributeFailure {
        Set<String> found = new TreeSet<>();
        collect(list, resolver, found, "");
        return found;
    }

    private static void collect(AttributeList list, RuleResolver resolver, Set<String> found, String prefix)
            throws AttributeFailure {
        for (Attribute attribute : list.values()) {
            String path = prefix + ValueText.tag(attribute.getTag());
            if (attribute instanceof SequenceAttribute sequence) {
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    AttributeList item = sequence.getItem(i).getAttributeList();
                    if (item != null) {
                        collect(item, resolver, found, path + "[" + i + "]/");
                    }
                }
                continue;
            }
            try {
                collectOne(attribute, resolver, found);
            } catch (DicomException | RuntimeException e) {
                throw new AttributeFailure(path, e);
            }
        }
    }

    private static void collectOne(Attribute attribute, RuleResolver resolver, Set<String> found)
            throws DicomException {
        String vr = attribute.getVRAsString();
        if ("UN".equals(vr) && attribute.getTag().isPrivate()) {
            unknownText(attribute, found);
            return;
        }
        if (!TEXT_VRS.contains(vr)) {
            return;
        }
        int tag = attribute.getGroup() << 16 | attribute.getElement();
        Action action = resolver.resolve(tag, vr, ValueText.keyword(attribute.getTag()));
        boolean erased = action == Action.REMOVE || action == Action.EMPTY || action == Action.DUMMY;
        if ("PN".equals(vr) || erased || attribute.getTag().isPrivate()) {
            String[] values = attribute.getStringValues();
            if (values != null) {
                for (String value : values) {
                    if (!value.isBlank()) {
                        found.add(value);
                    }
                }
            }
        }
    }

    /**
     * A private value of unknown VR (implicit VR, or a server that did not know it) is often text:
     * if its bytes are printable, its backslash-separated values are masked like any other
     * private text, so they do not survive in a description that the profile cleans.
     */
    private static void unknownText(Attribute attribute, Set<String> found) throws DicomException {
        byte[] bytes = attribute.getByteValues(false);
        if (bytes == null || bytes.length == 0 || bytes.length > 1024) {
            return;
        }
        for (byte b : bytes) {
            if ((b < 0x20 || b > 0x7E) && b != 0) {
                return;
            }
        }
        for (String value : new String(bytes, StandardCharsets.US_ASCII).split("\\\\")) {
            String trimmed = value.replace("\0", "").trim();
            if (trimmed.length() >= 2) {
                found.add(trimmed);
            }
        }
    }
}
