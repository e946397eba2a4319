package org.mdm.dicom.deid;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Locale;
import org.mdm.api.MdmException;

/**
 * Parses the attributes around the Pixel Data element with PixelMed. Pixel Data itself is never
 * handed to PixelMed: it is copied byte for byte by {@link Part10Writer}, because PixelMed
 * rewrites encapsulated pixel data (drops the Basic Offset Table, changes padding bytes).
 */
final class DataSetReader {
    private static final int PIXEL_DATA = 0x7FE00010;

    private DataSetReader() {
    }

    /** The attributes of the data set, Pixel Data excluded. */
    static AttributeList read(Part10Layout layout, String label) throws MdmException {
        byte[] data = layout.dataSet();
        int headEnd = layout.hasPixelData() ? layout.pixelStart() : data.length;
        AttributeList list = parse(data, 0, headEnd, layout, label);
        if (layout.hasPixelData() && layout.pixelEnd() < data.length) {
            list.putAll(parse(data, layout.pixelEnd(), data.length, layout, label));
        }
        for (int tag : layout.topLevelTags()) {
            if (tag != PIXEL_DATA && !list.containsKey(new AttributeTag(tag >>> 16, tag & 0xFFFF))) {
                throw Part10Scanner.corrupt(label, String.format(Locale.ROOT,
                        "the value of element (%04X,%04X) cannot be parsed", tag >>> 16, tag & 0xFFFF));
            }
        }
        return list;
    }

    private static AttributeList parse(byte[] data, int from, int to, Part10Layout layout, String label)
            throws MdmException {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(data, from, to - from),
                layout.dataSetEncoding(), false)) {
            list.read(in);
        } catch (DicomException | IOException | RuntimeException e) {
            // PixelMed's message may quote a value, so only the kind of failure is reported.
            throw Part10Scanner.corrupt(label, "the data set cannot be parsed (" + e.getClass().getSimpleName() + ")");
        }
        return list;
    }
}
