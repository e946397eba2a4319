package org.mdm.dicom.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A structural check of a received data set without parsing values: walks every element,
 * sequence and item, verifies that each length fits and that the data set ends exactly where
 * it should, and picks up the SOP Class and SOP Instance UIDs. Costs microseconds per image,
 * where a full parse would copy the pixel data.
 */
final class DatasetCheck {
    private static final int SOP_CLASS = 0x00080016;
    private static final int SOP_INSTANCE = 0x00080018;
    private static final int ITEM = 0xFFFEE000;
    private static final int ITEM_END = 0xFFFEE00D;
    private static final int SEQUENCE_END = 0xFFFEE0DD;
    private static final long UNDEFINED = 0xFFFFFFFFL;

    /** What the check learned. */
    record Identity(String sopClassUid, String sopInstanceUid) {
    }

    /** Deepest sequence nesting accepted: each level is a recursion here (and in any reader after us). */
    static final int MAX_DEPTH = 64;

    private final byte[] b;
    private final boolean bigEndian;
    private int depth;
    private String sopClass;
    private String sopInstance;

    private DatasetCheck(byte[] b, boolean bigEndian) {
        this.b = b;
        this.bigEndian = bigEndian;
    }

    /**
     * Checks {@code b[start..end)} encoded in {@code transferSyntax}.
     *
     * @throws CorruptObjectException if it is truncated, malformed or has no SOP Instance UID
     */
    static Identity check(byte[] b, int start, int end, String transferSyntax) throws CorruptObjectException {
        byte[] data = b;
        int from = start;
        int to = end;
        if (TransferSyntaxes.DEFLATED_LE.equals(transferSyntax)) {
            data = inflate(b, start, end);
            from = 0;
            to = data.length;
        }
        DatasetCheck c = new DatasetCheck(data, TransferSyntaxes.EXPLICIT_BE.equals(transferSyntax));
        boolean explicit = !TransferSyntaxes.IMPLICIT_LE.equals(transferSyntax);
        if (to - from < 8) {
            throw new CorruptObjectException("the data set is empty or shorter than one element");
        }
        c.dataset(from, to, explicit, true, false);
        if (c.sopInstance == null || c.sopInstance.isEmpty()) {
            throw new CorruptObjectException("the object has no SOP Instance UID: not a DICOM composite object");
        }
        return new Identity(c.sopClass, c.sopInstance);
    }

    /** Walks elements until {@code end} or, inside an undefined-length item, its delimiter. */
    private int dataset(int pos, int end, boolean explicit, boolean top, boolean delimited)
            throws CorruptObjectException {
        long lastTag = -1;
        while (pos < end) {
            need(pos, 8, end);
            int tag = tag(pos);
            if (delimited && tag == ITEM_END) {
                return pos + 8;
            }
            long tagKey = tag & 0xffffffffL;
            if (top && tagKey <= lastTag) {
                throw new CorruptObjectException("data set elements out of order at offset " + pos
                        + ": not a DICOM data set");
            }
            lastTag = tagKey;
            pos = element(pos, end, explicit, top);
        }
        if (delimited) {
            throw new CorruptObjectException("an item of undefined length is not terminated: truncated object");
        }
        return pos;
    }

    private int element(int pos, int end, boolean explicit, boolean top) throws CorruptObjectException {
        int tag = tag(pos);
        String vr = null;
        long len;
        int valueStart;
        if (explicit && (tag >>> 16) != 0xFFFE) {
            vr = new String(b, pos + 4, 2, StandardCharsets.US_ASCII);
            if (isLongVr(vr)) {
                need(pos, 12, end);
                len = u32(pos + 8);
                valueStart = pos + 12;
            } else {
                len = u16(pos + 6);
                valueStart = pos + 8;
            }
        } else {
            len = u32(pos + 4);
            valueStart = pos + 8;
        }
        if (len == UNDEFINED) {
            // CP-246: an undefined-length UN holds Implicit VR Little Endian items
            boolean nestedExplicit = explicit && !"UN".equals(vr);
            return sequence(valueStart, end, nestedExplicit);
        }
        if (len > end - valueStart) {
            throw new CorruptObjectException("element (" + hex(tag) + ") claims " + len + " bytes but only "
                    + (end - valueStart) + " remain: the object is truncated or not DICOM");
        }
        if (top && (tag == SOP_CLASS || tag == SOP_INSTANCE)) {
            String v = uid(valueStart, (int) len);
            if (tag == SOP_CLASS) {
                sopClass = v;
            } else {
                sopInstance = v;
            }
        }
        return valueStart + (int) len;
    }

    private int sequence(int pos, int end, boolean explicit) throws CorruptObjectException {
        while (true) {
            need(pos, 8, end);
            int tag = tag(pos);
            long len = u32(pos + 4);
            pos += 8;
            if (tag == SEQUENCE_END) {
                return pos;
            }
            if (tag != ITEM) {
                throw new CorruptObjectException("expected an item in a sequence, found (" + hex(tag) + ")");
            }
            if (len == UNDEFINED) {
                if (++depth > MAX_DEPTH) {
                    throw new CorruptObjectException("sequences are nested more than " + MAX_DEPTH
                            + " levels deep at offset " + pos + ": not a plausible DICOM object");
                }
                pos = dataset(pos, end, explicit, false, true);
                depth--;
            } else {
                if (len > end - pos) {
                    throw new CorruptObjectException("a sequence item claims " + len + " bytes but only "
                            + (end - pos) + " remain: the object is truncated or not DICOM");
                }
                pos += (int) len;
            }
        }
    }

    private static boolean isLongVr(String vr) {
        return switch (vr) {
            case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> true;
            default -> false;
        };
    }

    private void need(int pos, int n, int end) throws CorruptObjectException {
        if (end - pos < n) {
            throw new CorruptObjectException("the data set ends inside an element header at offset " + pos
                    + ": the object is truncated or not DICOM");
        }
    }

    private int tag(int pos) {
        return u16(pos) << 16 | u16(pos + 2);
    }

    private int u16(int pos) {
        return bigEndian ? (b[pos] & 0xff) << 8 | (b[pos + 1] & 0xff) : (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8;
    }

    private long u32(int pos) {
        long lo = u16(pos);
        long hi = u16(pos + 2);
        return bigEndian ? (lo << 16 | hi) : (hi << 16 | lo);
    }

    private String uid(int start, int len) {
        int end = start + len;
        while (end > start && (b[end - 1] == 0 || b[end - 1] == ' ')) {
            end--;
        }
        return new String(b, start, end - start, StandardCharsets.US_ASCII).trim();
    }

    private static String hex(int tag) {
        return String.format("%04X,%04X", tag >>> 16, tag & 0xffff);
    }

    private static byte[] inflate(byte[] b, int start, int end) throws CorruptObjectException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(b, start, end - start);
            ByteArrayOutputStream out = new ByteArrayOutputStream((end - start) * 4);
            byte[] chunk = new byte[65536];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new CorruptObjectException("the deflated data set ends early: truncated object");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new CorruptObjectException("the deflated data set is not valid deflate data");
        } finally {
            inflater.end();
        }
    }
}
