package org.mdm.dicom.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodeStringAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.LongStringAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.ShortStringAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mdm.api.transform.ErasedValue;

/**
 * Records in the object that it was de-identified and how (PS3.15 E.1.1 step 6, PS3.3 C.7.1.1):
 * Patient Identity Removed = YES, De-identification Method and its Code Sequence (CID 7050, one
 * code per profile and option), and Longitudinal Temporal Information Modified. Methods already
 * recorded by an earlier de-identifier are kept and ours appended.
 */
final class DeidMarker {
    private final DeidOptions options;

    DeidMarker(DeidOptions options) {
        this.options = options;
    }

    /** Adds the markers; returns the values it overwrote (normally none). */
    List<ErasedValue> mark(AttributeList list) throws DicomException {
        List<ErasedValue> replaced = new ArrayList<>();
        setCodeString(list, TagFromName.PatientIdentityRemoved, "YES", replaced);
        setCodeString(list, TagFromName.LongitudinalTemporalInformationModified, temporalState(), replaced);
        addMethods(list);
        addMethodCodes(list);
        return replaced;
    }

    private String temporalState() {
        if (options.longitudinalFullDates()) {
            return "UNMODIFIED";
        }
        return options.longitudinalModifiedDates() ? "MODIFIED" : "REMOVED";
    }

    private static void setCodeString(AttributeList list, AttributeTag tag, String value, List<ErasedValue> replaced)
            throws DicomException {
        Attribute old = list.get(tag);
        String before = old == null ? "" : old.getDelimitedStringValuesOrEmptyString();
        if (!before.isEmpty() && !before.equals(value)) {
            replaced.add(new ErasedValue(ValueText.tag(tag), ValueText.keyword(tag), before,
                    ErasedValue.Action.REPLACED));
        }
        Attribute attribute = new CodeStringAttribute(tag);
        attribute.addValue(value);
        list.put(tag, attribute);
    }

    private void addMethods(AttributeList list) throws DicomException {
        Set<String> methods = new LinkedHashSet<>();
        Attribute old = list.get(TagFromName.DeidentificationMethod);
        if (old != null && old.getStringValues() != null) {
            methods.addAll(List.of(old.getStringValues()));
        }
        options.methodCodes().forEach(code -> methods.add(code.meaning()));
        Attribute attribute = new LongStringAttribute(TagFromName.DeidentificationMethod);
        for (String method : methods) {
            attribute.addValue(method);
        }
        list.put(TagFromName.DeidentificationMethod, attribute);
    }

    private void addMethodCodes(AttributeList list) throws DicomException {
        SequenceAttribute sequence = new SequenceAttribute(TagFromName.DeidentificationMethodCodeSequence);
        Set<String> present = new LinkedHashSet<>();
        Attribute old = list.get(TagFromName.DeidentificationMethodCodeSequence);
        if (old instanceof SequenceAttribute oldSequence) {
            for (int i = 0; i < oldSequence.getNumberOfItems(); i++) {
                AttributeList item = oldSequence.getItem(i).getAttributeList();
                sequence.addItem(item);
                present.add(Attribute.getSingleStringValueOrEmptyString(item, TagFromName.CodeValue));
            }
        }
        for (MethodCode code : options.methodCodes()) {
            if (present.add(code.value())) {
                sequence.addItem(codeItem(code));
            }
        }
        list.put(TagFromName.DeidentificationMethodCodeSequence, sequence);
    }

    private static AttributeList codeItem(MethodCode code) throws DicomException {
        AttributeList item = new AttributeList();
        put(item, new ShortStringAttribute(TagFromName.CodeValue), code.value());
        put(item, new ShortStringAttribute(TagFromName.CodingSchemeDesignator), "DCM");
        put(item, new LongStringAttribute(TagFromName.CodeMeaning), code.meaning());
        return item;
    }

    private static void put(AttributeList list, Attribute attribute, String value) throws DicomException {
        attribute.addValue(value);
        list.put(attribute.getTag(), attribute);
    }
}
