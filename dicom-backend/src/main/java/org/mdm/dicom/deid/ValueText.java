package org.mdm.dicom.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mdm.api.transform.ErasedValue;

/**
 * Attribute values as report text, and the tag/keyword naming the report uses.
 *
 * <p>Text VRs give their values joined by backslash, as in DICOM; binary VRs (OB, OW, UN and
 * other O* VRs) give {@code base64:} and their little-endian bytes. A value nested in a sequence
 * is named by its path: {@code (0008,1140)[0]/(0008,1155)} is Referenced SOP Instance UID in the
 * first item (index 0) of Referenced Image Sequence.
 */
final class ValueText {
    private static final Set<String> BINARY = Set.of("OB", "OW", "OF", "OD", "OL", "OV", "UN");

    private ValueText() {
    }

    /** {@code (gggg,eeee)}, upper-case hex. */
    static String tag(AttributeTag tag) {
        return String.format(Locale.ROOT, "(%04X,%04X)", tag.getGroup(), tag.getElement());
    }

    /** The keyword, or empty for private and unknown tags. */
    static String keyword(AttributeTag tag) {
        if (tag.getGroup() % 2 == 1) {
            return "";
        }
        String name = AttributeList.getDictionary().getNameFromTag(tag);
        return name == null ? "" : name;
    }

    /** The value as text. */
    static String text(Attribute attribute) throws DicomException {
        String vr = attribute.getVRAsString();
        if (!BINARY.contains(vr)) {
            return attribute.getDelimitedStringValuesOrEmptyString();
        }
        // Little endian whatever the transfer syntax: PixelMed refuses UN bytes in big endian
        // (it keeps a UN value as the little-endian bytes it read), and one order for every
        // object keeps the report comparable across servers and syntaxes.
        byte[] bytes = attribute.getByteValues(false);
        return "base64:" + Base64.getEncoder().encodeToString(bytes == null ? new byte[0] : bytes);
    }

    /**
     * One report entry per value inside the attribute (each leaf of a sequence), all with the same
     * action; an empty sequence gives one entry with an empty value.
     */
    static List<ErasedValue> leaves(Attribute attribute, String prefix, ErasedValue.Action action)
            throws DicomException {
        List<ErasedValue> out = new ArrayList<>();
        String path = prefix + tag(attribute.getTag());
        if ("UN".equals(attribute.getVRAsString())) {
            SequenceAttribute items = UnknownSequence.parse(attribute);
            if (items != null) {
                attribute = items;
            }
        }
        if (!(attribute instanceof SequenceAttribute sequence)) {
            out.add(new ErasedValue(path, keyword(attribute.getTag()), text(attribute), action));
            return out;
        }
        int before = out.size();
        for (int i = 0; i < sequence.getNumberOfItems(); i++) {
            AttributeList item = sequence.getItem(i).getAttributeList();
            if (item == null) {
                continue;
            }
            for (Attribute nested : item.values()) {
                out.addAll(leaves(nested, path + "[" + i + "]/", action));
            }
        }
        if (out.size() == before) {
            out.add(new ErasedValue(path, keyword(attribute.getTag()), "", action));
        }
        return out;
    }
}
