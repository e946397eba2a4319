package org.mdm.dicom.deid;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;

/**
 * Writes the de-identified object as Part 10 in the original transfer syntax: a zero preamble,
 * a fresh {@link MetaHeader}, the attributes as PixelMed encodes them, and the original Pixel
 * Data element spliced in byte for byte at its place in tag order. A deflated data set is
 * deflated here, with fixed settings, so the output is a function of the input alone.
 */
final class Part10Writer {
    private static final AttributeTag PIXEL_DATA = new AttributeTag(0x7FE0, 0x0010);

    private Part10Writer() {
    }

    /** One encoded object, held until written so that nothing reaches the sink before it is complete. */
    static final class Encoded {
        private final byte[] head;
        private final ByteArrayOutputStream body;

        private Encoded(byte[] head, ByteArrayOutputStream body) {
            this.head = head;
            this.body = body;
        }

        /**
         * Writes the object. The data set goes from its buffer straight to the sink: returning it
         * as one array would copy the ~512 KB of a CT image twice more (toByteArray, concatenation).
         */
        void writeTo(OutputStream sink) throws IOException {
            sink.write(head);
            body.writeTo(sink);
        }
    }

    static Encoded write(AttributeList list, Part10Layout layout, String sopClassUid, String sopInstanceUid)
            throws IOException, DicomException {
        AttributeList before = new AttributeList();
        AttributeList after = new AttributeList();
        list.forEach((tag, attribute) -> (tag.compareTo(PIXEL_DATA) < 0 ? before : after).put(tag, attribute));
        ByteArrayOutputStream dataSet = new ByteArrayOutputStream(layout.dataSet().length + 1024);
        encode(before, layout.dataSetEncoding(), dataSet);
        if (layout.hasPixelData()) {
            dataSet.write(layout.dataSet(), layout.pixelStart(), layout.pixelEnd() - layout.pixelStart());
        }
        encode(after, layout.dataSetEncoding(), dataSet);
        ByteArrayOutputStream body = dataSet;
        if (Part10Layout.DEFLATED.equals(layout.transferSyntaxUid())) {
            byte[] deflated = deflate(dataSet.toByteArray());
            body = new ByteArrayOutputStream(deflated.length);
            body.write(deflated);
        }
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        head.write(new byte[128]);
        head.write("DICM".getBytes(StandardCharsets.US_ASCII));
        head.write(MetaHeader.encode(sopClassUid, sopInstanceUid, layout.transferSyntaxUid()));
        return new Encoded(head.toByteArray(), body);
    }

    /**
     * After {@link #write} failed: the first attribute that cannot be encoded alone, as
     * {@code " at attribute (gggg,eeee)"}, or empty if each encodes alone. Only on the failure
     * path, so the cost of one encoding per attribute does not matter.
     */
    static String culprit(AttributeList list, Part10Layout layout) {
        for (Attribute attribute : list.values()) {
            AttributeList one = new AttributeList();
            one.put(attribute.getTag(), attribute);
            try {
                encode(one, layout.dataSetEncoding(), new ByteArrayOutputStream());
            } catch (IOException | DicomException | RuntimeException e) {
                return " at attribute " + ValueText.tag(attribute.getTag());
            }
        }
        return "";
    }

    private static void encode(AttributeList list, String transferSyntaxUid, ByteArrayOutputStream out)
            throws IOException, DicomException {
        if (list.isEmpty()) {
            return;
        }
        DicomOutputStream dicom = new DicomOutputStream(out, null, transferSyntaxUid);
        list.write(dicom);
        dicom.flush();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buffer = new byte[65536];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }
}
