package org.mdm.it;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * What a sample file holds, read locally without any DICOM toolkit's re-encoding: its transfer
 * syntax and the raw value bytes of its top-level Pixel Data element (fragments included). Used
 * to prove that a fresh-UID copy made by {@code dcmodify} kept both, and that a retrieval
 * returned the pixel data Orthanc holds.
 */
final class SampleFileFacts {
    static final String IMPLICIT_LE = "1.2.840.10008.1.2";
    static final String EXPLICIT_BE = "1.2.840.10008.1.2.2";
    static final String DEFLATED = "1.2.840.10008.1.2.1.99";
    private static final int UNDEFINED = -1;

    private SampleFileFacts() {
    }

    /** The transfer syntax the data set is encoded in (from the meta header, or PixelMed's guess without one). */
    static String transferSyntax(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file.toFile())) {
            new AttributeList().read(in, TagFromName.SOPClassUID);
            return in.getTransferSyntaxToReadDataSet().getUID();
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The SOP Instance UID as written (trailing NUL and spaces removed), also when a file encodes
     * it with VR UN (pydicom's rtdose_rle.dcm does), or null.
     */
    static String sopInstanceUid(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file.toFile())) {
            AttributeList list = new AttributeList();
            list.read(in, TagFromName.PixelData);
            com.pixelmed.dicom.Attribute a = list.get(TagFromName.SOPInstanceUID);
            if (a == null) {
                return null;
            }
            String v = a instanceof com.pixelmed.dicom.UnknownAttribute u
                    ? new String(u.getByteValues(), java.nio.charset.StandardCharsets.US_ASCII)
                    : a.getSingleStringValueOrNull();
            return v == null ? null : v.replace("\0", "").trim();
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * True when the file encodes its SOP Class UID with explicit VR UN (pydicom's rtdose_rle*.dcm
     * do; dcmtk, hence Orthanc's sender, then cannot tell the class, while PixelMed quietly reads
     * it as UI, so the raw bytes are checked).
     */
    static boolean sopClassUidIsUn(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        byte[] le = {0x08, 0x00, 0x16, 0x00, 'U', 'N'};
        byte[] be = {0x00, 0x08, 0x00, 0x16, 'U', 'N'};
        for (int i = 0; i + 6 <= b.length; i++) {
            if (Arrays.equals(b, i, i + 6, le, 0, 6) || Arrays.equals(b, i, i + 6, be, 0, 6)) {
                return true;
            }
        }
        return false;
    }

    /** Number of Frames (1 when absent); reads the file with PixelMed up to the pixel data. */
    static int numberOfFrames(Path file) throws IOException {
        try (DicomInputStream in = new DicomInputStream(file.toFile())) {
            AttributeList list = new AttributeList();
            list.read(in, TagFromName.PixelData);
            return Math.max(1, com.pixelmed.dicom.Attribute.getSingleIntegerValueOrDefault(list,
                    TagFromName.NumberOfFrames, 1));
        } catch (com.pixelmed.dicom.DicomException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The value of the top-level Pixel Data element (fragments with their item headers when
     * encapsulated), or an empty array if the file has none.
     */
    static byte[] pixelDataValue(Path file) throws IOException {
        return pixelDataValue(Files.readAllBytes(file), transferSyntax(file));
    }

    /**
     * The value of the top-level Pixel Data element of a file's bytes (Part 10 or a bare data set
     * in {@code ts}); the data set is inflated first for the deflated transfer syntax.
     */
    static byte[] pixelDataValue(byte[] all, String ts) throws IOException {
        boolean part10 = all.length > 132 && all[128] == 'D' && all[129] == 'I' && all[130] == 'C' && all[131] == 'M';
        byte[] ds = part10 ? Part10Bytes.dataset(all) : all;
        if (ts.equals(DEFLATED)) {
            ds = inflate(ds);
        }
        return new Walker(ds, ts).pixelData();
    }

    /**
     * The pixel data as comparable pieces: the whole value when native, else each fragment's
     * content (offset table included) padded to even length with a zero byte as a DICOM sender
     * does for an odd-length fragment.
     */
    static java.util.List<byte[]> pixelDataFragments(byte[] all, String ts) throws IOException {
        byte[] v = pixelDataValue(all, ts);
        java.util.List<byte[]> out = new java.util.ArrayList<>();
        boolean encapsulated = v.length >= 8 && (v[0] & 0xff) == 0xfe && (v[1] & 0xff) == 0xff
                && (v[2] & 0xff) == 0x00 && (v[3] & 0xff) == 0xe0;
        if (!encapsulated) {
            out.add(v);
            return out;
        }
        int pos = 0;
        while (pos + 8 <= v.length) {
            int tag = (v[pos + 1] & 0xff) << 24 | (v[pos] & 0xff) << 16 | (v[pos + 3] & 0xff) << 8 | (v[pos + 2] & 0xff);
            int len = (v[pos + 4] & 0xff) | (v[pos + 5] & 0xff) << 8 | (v[pos + 6] & 0xff) << 16 | (v[pos + 7] & 0xff) << 24;
            pos += 8;
            if (tag != 0xfffee000) {
                break;
            }
            out.add(Arrays.copyOf(Arrays.copyOfRange(v, pos, pos + len), len + (len % 2)));
            pos += len;
        }
        return out;
    }

    private static byte[] inflate(byte[] deflated) throws IOException {
        Inflater inf = new Inflater(true);
        inf.setInput(deflated);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        try {
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    break;
                }
                out.write(buf, 0, n);
            }
        } catch (DataFormatException e) {
            throw new IOException("bad deflated data set", e);
        } finally {
            inf.end();
        }
        return out.toByteArray();
    }

    /** Walks top-level elements (skipping sequences by their length or delimiters) to Pixel Data. */
    private static final class Walker {
        private final byte[] b;
        private final boolean implicit;
        private final boolean bigEndian;
        private int pos;

        Walker(byte[] b, String ts) {
            this.b = b;
            this.implicit = ts.equals(IMPLICIT_LE);
            this.bigEndian = ts.equals(EXPLICIT_BE);
        }

        byte[] pixelData() throws IOException {
            while (pos + 8 <= b.length) {
                int tag = tag(pos);
                long len = header();
                if (tag == 0x7fe00010) {
                    int value = pos;
                    skipValue(len);
                    return Arrays.copyOfRange(b, value, pos);
                }
                skipValue(len);
            }
            return new byte[0];
        }

        /** Reads one element header at pos (moving past it); returns the value length or UNDEFINED. */
        private long header() {
            int tag = tag(pos);
            pos += 4;
            if (implicit || (tag >>> 16) == 0xfffe) {
                long len = u32(pos);
                pos += 4;
                return len == 0xffffffffL ? UNDEFINED : len;
            }
            String vr = new String(b, pos, 2, java.nio.charset.StandardCharsets.US_ASCII);
            if (vr.matches("OB|OD|OF|OL|OV|OW|SQ|SV|UC|UN|UR|UT|UV")) {
                long len = u32(pos + 4);
                pos += 8;
                return len == 0xffffffffL ? UNDEFINED : len;
            }
            long len = u16(pos + 2);
            pos += 4;
            return len;
        }

        /** Skips a value; an undefined length runs to the matching sequence delimiter (items nested). */
        private void skipValue(long len) throws IOException {
            if (len != UNDEFINED) {
                pos += (int) len;
                return;
            }
            while (pos + 8 <= b.length) {
                int tag = tag(pos);
                long itemLen = header();
                if (tag == 0xfffee0dd) {
                    return;
                }
                if (tag == 0xfffee000 && itemLen == UNDEFINED) {
                    skipItem();
                } else if (itemLen != UNDEFINED) {
                    pos += (int) itemLen;
                }
            }
            throw new IOException("no sequence delimiter before the end of the data set");
        }

        /** Skips the elements of an undefined-length item up to its item delimiter. */
        private void skipItem() throws IOException {
            while (pos + 8 <= b.length) {
                int tag = tag(pos);
                long len = header();
                if (tag == 0xfffee00d) {
                    return;
                }
                skipValue(len);
            }
            throw new IOException("no item delimiter before the end of the data set");
        }

        private int tag(int at) {
            return u16(at) << 16 | u16(at + 2);
        }

        private int u16(int at) {
            int lo = b[at] & 0xff;
            int hi = b[at + 1] & 0xff;
            return bigEndian ? lo << 8 | hi : hi << 8 | lo;
        }

        private long u32(int at) {
            long lo = u16(at);
            long hi = u16(at + 2);
            return bigEndian ? lo << 16 | hi : hi << 16 | lo;
        }
    }
}
