package org.mdm.dicom.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * A query/retrieve identifier (PS3.4 C.4) in Implicit VR Little Endian, the transfer syntax we
 * propose for every query/retrieve context, holding only the level and the unique keys.
 */
final class Identifier {
    private static final int SOP_INSTANCE = 0x00080018;
    private static final int LEVEL = 0x00080052;
    private static final int STUDY = 0x0020000D;
    private static final int SERIES = 0x0020000E;

    private Identifier() {
    }

    /** IMAGE level when {@code instanceUid} is given, SERIES level otherwise. */
    static byte[] encode(String studyUid, String seriesUid, String instanceUid) {
        TreeMap<Long, String> values = new TreeMap<>();
        values.put(key(LEVEL), instanceUid == null ? "SERIES" : "IMAGE");
        values.put(key(STUDY), studyUid);
        values.put(key(SERIES), seriesUid);
        if (instanceUid != null) {
            values.put(key(SOP_INSTANCE), instanceUid);
        }
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
