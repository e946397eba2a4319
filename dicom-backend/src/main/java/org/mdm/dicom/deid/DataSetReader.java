package org.mdm.dicom.deid;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
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
            throw Part10Scanner.corrupt(label, "the data set cannot be parsed" + culprit(data, from, to, layout)
                    + ": PixelMed refused it (" + AttributeFailure.reason(e) + ")");
        }
        return list;
    }

    /**
     * After PixelMed failed on {@code data[from..to)}: " at element (gggg,eeee)" for the first
     * top-level element at which PixelMed fails, reading from {@code from} up to and including
     * that element (PixelMed may fail on an element only after what came before it), or empty.
     * Only on this failure path, so the repeated parsing does not matter.
     */
    private static String culprit(byte[] data, int from, int to, Part10Layout layout) {
        List<Integer> starts = layout.topLevelStarts();
        List<Integer> tags = layout.topLevelTags();
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1) : data.length;
            if (starts.get(i) < from || end > to) {
                continue;
            }
            AttributeList prefix = new AttributeList();
            try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(data, from, end - from),
                    layout.dataSetEncoding(), false)) {
                prefix.read(in);
            } catch (DicomException | IOException | RuntimeException e) {
                int tag = tags.get(i);
                return String.format(Locale.ROOT, " at element (%04X,%04X)", tag >>> 16, tag & 0xFFFF);
            }
        }
        return "";
    }
}
