package org.mdm.dicom.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * A query/retrieve identifier (PS3.4 C.4) in Implicit VR Little Endian, the transfer syntax we
 * propose for every query/retrieve context, holding only the level and the unique keys (and, for
 * the C-FIND that learns an instance's class, an empty SOP Class UID return key).
 */
final class Identifier {
    private static final int SOP_CLASS = 0x00080016;
    private static final int SOP_INSTANCE = 0x00080018;
    private static final int LEVEL = 0x00080052;
    private static final int STUDY = 0x0020000D;
    private static final int SERIES = 0x0020000E;

    private Identifier() {
    }

    /** IMAGE level when {@code instanceUid} is given, SERIES level otherwise. */
    static byte[] encode(String studyUid, String seriesUid, String instanceUid) {
        return encode(keys(studyUid, seriesUid, instanceUid));
    }

    /** An IMAGE-level C-FIND identifier asking for the instance's SOP Class UID (0008,0016). */
    static byte[] encodeClassQuery(String studyUid, String seriesUid, String instanceUid) {
        TreeMap<Long, String> values = keys(studyUid, seriesUid, instanceUid);
        values.put(key(SOP_CLASS), "");
        return encode(values);
    }

    /**
     * An IMAGE-level C-FIND identifier listing a series' instances with their SOP Class UID
     * and SOP Instance UID (both empty return keys).
     */
    static byte[] encodeSeriesClassQuery(String studyUid, String seriesUid) {
        TreeMap<Long, String> values = keys(studyUid, seriesUid, "");
        values.put(key(SOP_CLASS), "");
        return encode(values);
    }

    /** The SOP Class UID in a C-FIND response identifier; see {@link #string}. */
    static String sopClass(byte[] b, int length) {
        return string(b, length, SOP_CLASS);
    }

    /** The SOP Instance UID in a C-FIND response identifier; see {@link #string}. */
    static String sopInstance(byte[] b, int length) {
        return string(b, length, SOP_INSTANCE);
    }

    /**
     * A group 0008 string value in a C-FIND response identifier (Implicit VR Little Endian), ""
     * when present but empty, null when absent. Stops at the first undefined length: the keys we
     * ask for come before any sequence a server might add.
     */
    static String string(byte[] b, int length, int wanted) {
        int pos = 0;
        while (pos + 8 <= length) {
            int tag = Command.le16(b, pos) << 16 | Command.le16(b, pos + 2);
            long len = Command.le32(b, pos + 4) & 0xffffffffL;
            pos += 8;
            if (len > length - pos) {
                return null;
            }
            if (tag == wanted) {
                return new String(b, pos, (int) len, StandardCharsets.US_ASCII).replace("\0", "").trim();
            }
            if (Integer.compareUnsigned(tag, wanted) > 0) {
                return null;
            }
            pos += (int) len;
        }
        return null;
    }

    private static TreeMap<Long, String> keys(String studyUid, String seriesUid, String instanceUid) {
        TreeMap<Long, String> values = new TreeMap<>();
        values.put(key(LEVEL), instanceUid == null ? "SERIES" : "IMAGE");
        values.put(key(STUDY), studyUid);
        values.put(key(SERIES), seriesUid);
        if (instanceUid != null) {
            values.put(key(SOP_INSTANCE), instanceUid);
        }
        return values;
    }

    private static byte[] encode(TreeMap<Long, String> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        values.forEach((tag, value) -> {
            byte pad = tag == key(LEVEL) ? (byte) ' ' : 0;
            byte[] v = value.getBytes(StandardCharsets.US_ASCII);
            int len = v.length + (v.length % 2);
            int t = (int) (long) tag;
            out.write(t >>> 16 & 0xff);
            out.write(t >>> 24 & 0xff);
            out.write(t & 0xff);
            out.write(t >>> 8 & 0xff);
            out.write(len & 0xff);
            out.write(len >> 8 & 0xff);
            out.write(0);
            out.write(0);
            out.writeBytes(v);
            if (len != v.length) {
                out.write(pad);
            }
        });
        return out.toByteArray();
    }

    private static long key(int tag) {
        return tag & 0xffffffffL;
    }
}
