package org.mdm.dicom.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.util.ArrayList;
import java.util.List;
import org.mdm.api.transform.ErasedValue;
import org.mdm.api.transform.ErasedValue.Action;

/**
 * Applies the resolved profile to one object's attributes, in place, recursing into sequences
 * (PS3.15 E.1.1: every instance of a listed attribute, in the main data set or in an item), and
 * records every value it removes or changes. Private attributes are always removed, and group
 * length elements are dropped silently because they are structure, not content.
 *
 * <p>One instance serves one object: it holds that object's date offset and cleaner.
 */
final class ProfileApplier {
    private final RuleResolver resolver;
    private final KeyedHasher hasher;
    private final DateShifter shifter;
    private final DescriptorCleaner cleaner;
    private final List<ErasedValue> report = new ArrayList<>();

    ProfileApplier(RuleResolver resolver, KeyedHasher hasher, DateShifter shifter, DescriptorCleaner cleaner) {
        this.resolver = resolver;
        this.hasher = hasher;
        this.shifter = shifter;
        this.cleaner = cleaner;
    }

    /** Applies the profile to the whole list and returns what was erased, in attribute order. */
    List<ErasedValue> apply(AttributeList list) throws AttributeFailure {
        applyTo(list, "");
        return List.copyOf(report);
    }

    private void applyTo(AttributeList list, String prefix) throws AttributeFailure {
        for (AttributeTag tag : new ArrayList<>(list.keySet())) {
            Attribute attribute = list.get(tag);
            try {
                applyToOne(list, tag, attribute, prefix);
            } catch (DicomException | RuntimeException e) {
                // Failures inside a nested item were already named by their own path.
                throw new AttributeFailure(prefix + ValueText.tag(tag), e);
            }
        }
    }

    private void applyToOne(AttributeList list, AttributeTag tag, Attribute attribute, String prefix)
            throws DicomException, AttributeFailure {
        if (tag.isGroupLength()) {
            list.remove(tag);
        } else if (tag.isPrivate() || tag.getGroup() == 0x0002) {
            // Group 0002 belongs to the meta header, which is written afresh; left in the data
            // set, a reader would take it for the meta header's (a second Transfer Syntax UID).
            report.addAll(ValueText.leaves(attribute, prefix, Action.REMOVED));
            list.remove(tag);
        } else {
            String vr = attribute.getVRAsString();
            int tagValue = tag.getGroup() << 16 | tag.getElement();
            apply(list, attribute, resolver.resolve(tagValue, vr, ValueText.keyword(tag)), prefix);
        }
    }

    private void apply(AttributeList list, Attribute attribute, org.mdm.dicom.deid.Action action, String prefix)
            throws DicomException, AttributeFailure {
        switch (action) {
            case REMOVE -> {
                report.addAll(ValueText.leaves(attribute, prefix, Action.REMOVED));
                list.remove(attribute.getTag());
            }
            case EMPTY -> empty(list, attribute, prefix);
            case DUMMY -> dummy(list, attribute, prefix);
            case UID -> replaceUids(attribute, prefix);
            case SHIFT -> shift(list, attribute, prefix);
            case CLEAN -> clean(attribute, prefix);
            case KEEP -> keep(attribute, prefix);
            default -> throw new IllegalStateException("Unhandled action " + action);
        }
    }

    private void keep(Attribute attribute, String prefix) throws AttributeFailure {
        if (attribute instanceof SequenceAttribute sequence) {
            String path = prefix + ValueText.tag(sequence.getTag());
            for (int i = 0; i < sequence.getNumberOfItems(); i++) {
                AttributeList item = sequence.getItem(i).getAttributeList();
                if (item != null) {
                    applyTo(item, path + "[" + i + "]/");
                }
            }
        }
    }

    private void empty(AttributeList list, Attribute attribute, String prefix) throws DicomException {
        if (attribute instanceof SequenceAttribute sequence) {
            if (sequence.getNumberOfItems() > 0) {
                report.addAll(ValueText.leaves(attribute, prefix, Action.EMPTIED));
                list.put(attribute.getTag(), new SequenceAttribute(attribute.getTag()));
            }
            return;
        }
        String original = ValueText.text(attribute);
        if (!original.isEmpty()) {
            record(attribute, prefix, original, Action.EMPTIED);
        }
        // Padding-only values are emptied too but not reported: they held nothing.
        attribute.removeValues();
    }

    private void dummy(AttributeList list, Attribute attribute, String prefix) throws DicomException {
        String original = ValueText.text(attribute);
        if (original.isEmpty()) {
            return; // D asks for a non-empty replacement of a value; an absent value reveals nothing.
        }
        String vr = attribute.getVRAsString();
        String dummy = attribute.getTag().equals(TagFromName.PatientID)
                ? hasher.patientPseudonym(original) : DummyValues.forVr(vr);
        if (dummy == null) {
            empty(list, attribute, prefix);
        } else if (!dummy.equals(original)) {
            record(attribute, prefix, original, Action.REPLACED);
            attribute.removeValues();
            attribute.addValue(dummy);
        }
    }

    private void replaceUids(Attribute attribute, String prefix) throws DicomException {
        String[] values = attribute.getStringValues();
        if (values == null || values.length == 0) {
            return;
        }
        String original = ValueText.text(attribute);
        String[] mapped = new String[values.length];
        boolean changed = false;
        for (int i = 0; i < values.length; i++) {
            String uid = values[i].trim();
            mapped[i] = uid.isEmpty() || UidPolicy.isWellKnown(uid) ? values[i] : hasher.uid(uid);
            changed |= !mapped[i].equals(values[i]);
        }
        if (changed) {
            record(attribute, prefix, original, Action.REPLACED);
            setValues(attribute, mapped);
        }
    }

    private void shift(AttributeList list, Attribute attribute, String prefix) throws DicomException {
        String[] values = attribute.getStringValues();
        if (values == null || values.length == 0) {
            return;
        }
        boolean dateTime = "DT".equals(attribute.getVRAsString());
        String[] shifted = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            shifted[i] = values[i].isBlank() ? values[i]
                    : dateTime ? shifter.shiftDateTime(values[i]) : shifter.shiftDate(values[i]);
            if (shifted[i] == null) {
                empty(list, attribute, prefix); // Not a date we can shift: leave nothing behind.
                return;
            }
        }
        String original = ValueText.text(attribute);
        record(attribute, prefix, original, Action.SHIFTED);
        setValues(attribute, shifted);
    }

    private void clean(Attribute attribute, String prefix) throws DicomException, AttributeFailure {
        if (attribute instanceof SequenceAttribute) {
            keep(attribute, prefix);
            return;
        }
        if (DummyValues.forVr(attribute.getVRAsString()) != DummyValues.TEXT) {
            return; // Only free text can carry identifying words.
        }
        String[] values = attribute.getStringValues();
        if (values == null || values.length == 0) {
            return;
        }
        String original = ValueText.text(attribute);
        String[] cleaned = new String[values.length];
        boolean changed = false;
        for (int i = 0; i < values.length; i++) {
            cleaned[i] = cleaner.clean(values[i]);
            changed |= !cleaned[i].equals(values[i]);
        }
        if (changed) {
            record(attribute, prefix, original, Action.REPLACED);
            setValues(attribute, cleaned);
        }
    }

    private void record(Attribute attribute, String prefix, String original, Action action) {
        report.add(new ErasedValue(prefix + ValueText.tag(attribute.getTag()), ValueText.keyword(attribute.getTag()),
                original, action));
    }

    private static void setValues(Attribute attribute, String[] values) throws DicomException {
        attribute.removeValues();
        for (String value : values) {
            attribute.addValue(value);
        }
    }
}
