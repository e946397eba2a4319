package org.mdm.dicom.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
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

    static Set<String> collect(AttributeList list, RuleResolver resolver) throws DicomException {
        Set<String> found = new TreeSet<>();
        collect(list, resolver, found);
        return found;
    }

    private static void collect(AttributeList list, RuleResolver resolver, Set<String> found) throws DicomException {
        for (Attribute attribute : list.values()) {
            if (attribute instanceof SequenceAttribute sequence) {
                for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                    AttributeList item = sequence.getItem(i).getAttributeList();
                    if (item != null) {
                        collect(item, resolver, found);
                    }
                }
                continue;
            }
            String vr = attribute.getVRAsString();
            if (!TEXT_VRS.contains(vr)) {
                continue;
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
    }
}
