package org.mdm.dicom.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TransferSyntax;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * A UN value that holds sequence items: a private sequence of defined length in implicit VR
 * reaches PixelMed as UN bytes (only an undefined length tells a reader it is a sequence,
 * PS3.5 6.2.2). The report must list what such a sequence held, leaf by leaf like any other
 * sequence, so the bytes are read as the items of a sequence when they start with an item tag.
 */
final class UnknownSequence {
    /** A tag PixelMed's dictionary knows as SQ, used only to make PixelMed read the items. */
    private static final int CARRIER_GROUP = 0x0008;
    private static final int CARRIER_ELEMENT = 0x1140;
    /** Larger blobs are reported as bytes: reading them as items would only cost memory. */
    private static final int MAX_BYTES = 1 << 20;

    private UnknownSequence() {
    }

    /** The items as a sequence with the attribute's tag, or null if the bytes are not items. */
    static SequenceAttribute parse(Attribute attribute) {
        byte[] value;
        try {
            value = attribute.getByteValues(false);
        } catch (DicomException e) {
            return null;
        }
        if (value == null || value.length < 8 || value.length > MAX_BYTES || !startsWithItem(value)) {
            return null;
        }
        byte[] element = new byte[8 + value.length];
        put16(element, 0, CARRIER_GROUP);
        put16(element, 2, CARRIER_ELEMENT);
        put32(element, 4, value.length);
        System.arraycopy(value, 0, element, 8, value.length);
        try {
            // Checked first, with its nesting bound: PixelMed recurses once per level.
            new DataSetWalker(element, 0, "", "a UN value", false, false).walk();
        } catch (org.mdm.api.MdmException e) {
            return null;
        }
        AttributeList list = new AttributeList();
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(element),
                TransferSyntax.ImplicitVRLittleEndian, false)) {
            list.read(in);
        } catch (IOException | DicomException | RuntimeException e) {
            return null; // not items after all: reported as bytes
        }
        if (!(list.get(new com.pixelmed.dicom.AttributeTag(CARRIER_GROUP, CARRIER_ELEMENT))
                instanceof SequenceAttribute carrier)) {
            return null;
        }
        SequenceAttribute sequence = new SequenceAttribute(attribute.getTag());
        for (int i = 0; i < carrier.getNumberOfItems(); i++) {
            sequence.addItem(carrier.getItem(i));
        }
        return sequence;
    }

    private static boolean startsWithItem(byte[] b) {
        return (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF && b[2] == 0x00 && (b[3] & 0xFF) == 0xE0;
    }

    private static void put16(byte[] b, int pos, int v) {
        b[pos] = (byte) v;
        b[pos + 1] = (byte) (v >>> 8);
    }

    private static void put32(byte[] b, int pos, int v) {
        put16(b, pos, v & 0xFFFF);
        put16(b, pos + 2, v >>> 16);
    }
}
