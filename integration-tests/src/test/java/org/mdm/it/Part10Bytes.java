package org.mdm.it;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.util.Arrays;

/** Test helpers over Part 10 byte arrays: where the data set starts, and a full PixelMed parse. */
public final class Part10Bytes {
    private Part10Bytes() {
    }

    /** Offset of the data set: after preamble, "DICM" and the meta group (whose length element comes first). */
    public static int datasetOffset(byte[] part10) {
        if (part10.length < 144 || part10[128] != 'D' || part10[129] != 'I' || part10[130] != 'C' || part10[131] != 'M') {
            throw new AssertionError("not a Part 10 byte stream (no DICM at 128)");
        }
        if (part10[132] != 2 || part10[133] != 0 || part10[134] != 0 || part10[135] != 0) {
            throw new AssertionError("meta header does not start with (0002,0000) group length");
        }
        int groupLength = (part10[140] & 0xff) | (part10[141] & 0xff) << 8 | (part10[142] & 0xff) << 16
                | (part10[143] & 0xff) << 24;
        return 144 + groupLength;
    }

    /** The data set bytes. */
    public static byte[] dataset(byte[] part10) {
        return Arrays.copyOfRange(part10, datasetOffset(part10), part10.length);
    }

    /** Parses the whole stream with PixelMed (proves it is a readable Part 10 file); returns the SOP Instance UID. */
    public static String parseWithPixelMed(byte[] part10) throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false); // a structural parse; PixelMed lacks JPEG 2000 codecs here
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(part10))) {
            list.read(in);
        }
        return com.pixelmed.dicom.Attribute.getSingleStringValueOrNull(list, TagFromName.SOPInstanceUID);
    }
}
