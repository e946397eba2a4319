package org.mdm.dicom.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * A DIMSE command set (group 0000, always Implicit VR Little Endian). Encoded and decoded here
 * rather than through PixelMed's attribute lists because a command is a handful of short values
 * and is built or parsed once per image on the hot path.
 */
final class Command {
    private final TreeMap<Integer, byte[]> elements = new TreeMap<>();

    Command() {
    }

    /** A command with the given field and message id (or message id being responded to). */
    static Command request(int commandField, int messageId, String affectedSopClass, boolean hasData) {
        Command c = new Command();
        c.putString(Dimse.TAG_AFFECTED_SOP_CLASS, affectedSopClass, (byte) 0);
        c.putShort(Dimse.TAG_COMMAND_FIELD, commandField);
        c.putShort(Dimse.TAG_MESSAGE_ID, messageId);
        c.putShort(Dimse.TAG_DATA_SET_TYPE, hasData ? 0x0000 : Dimse.NO_DATA_SET);
        return c;
    }

    Command putShort(int tag, int value) {
        elements.put(tag, new byte[] {(byte) value, (byte) (value >> 8)});
        return this;
    }

    /** Puts a string padded to even length with {@code pad} (NUL for UI, space for AE). */
    Command putString(int tag, String value, byte pad) {
        byte[] text = value.getBytes(StandardCharsets.US_ASCII);
        byte[] v = text.length % 2 == 0 ? text : java.util.Arrays.copyOf(text, text.length + 1);
        if (v.length != text.length) {
            v[text.length] = pad;
        }
        elements.put(tag, v);
        return this;
    }

    int getShort(int tag, int fallback) {
        byte[] v = elements.get(tag);
        return v == null || v.length < 2 ? fallback : (v[0] & 0xff) | (v[1] & 0xff) << 8;
    }

    /** The string value without trailing padding, or null. */
    String getString(int tag) {
        byte[] v = elements.get(tag);
        if (v == null) {
            return null;
        }
        int end = v.length;
        while (end > 0 && (v[end - 1] == 0 || v[end - 1] == ' ')) {
            end--;
        }
        int start = 0;
        while (start < end && v[start] == ' ') {
            start++;
        }
        return new String(v, start, end - start, StandardCharsets.US_ASCII);
    }

    int field() {
        return getShort(Dimse.TAG_COMMAND_FIELD, -1);
    }

    int status() {
        return getShort(Dimse.TAG_STATUS, -1);
    }

    boolean hasDataSet() {
        return getShort(Dimse.TAG_DATA_SET_TYPE, Dimse.NO_DATA_SET) != Dimse.NO_DATA_SET;
    }

    /** Encodes with the group length element first. */
    byte[] encode() {
        ByteArrayOutputStream body = new ByteArrayOutputStream(128);
        for (Map.Entry<Integer, byte[]> e : elements.entrySet()) {
            if (e.getKey() != 0) {
                writeElement(body, e.getKey(), e.getValue());
            }
        }
        ByteArrayOutputStream all = new ByteArrayOutputStream(body.size() + 12);
        int len = body.size();
        writeElement(all, 0, new byte[] {(byte) len, (byte) (len >> 8), (byte) (len >> 16), (byte) (len >> 24)});
        all.writeBytes(body.toByteArray());
        return all.toByteArray();
    }

    private static void writeElement(ByteArrayOutputStream out, int tag, byte[] value) {
        writeLe16(out, tag >>> 16);
        writeLe16(out, tag & 0xffff);
        writeLe16(out, value.length);
        writeLe16(out, value.length >>> 16);
        out.writeBytes(value);
    }

    private static void writeLe16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write((v >> 8) & 0xff);
    }

    /** Decodes an Implicit VR Little Endian command set. */
    static Command decode(byte[] bytes, int length) throws DicomProtocolException {
        Command c = new Command();
        int pos = 0;
        while (pos + 8 <= length) {
            int group = le16(bytes, pos);
            int element = le16(bytes, pos + 2);
            long len = le32(bytes, pos + 4) & 0xffffffffL;
            pos += 8;
            if (len > length - pos) {
                throw new DicomProtocolException("truncated DIMSE command element ("
                        + Integer.toHexString(group) + "," + Integer.toHexString(element) + ")");
            }
            c.elements.put(group << 16 | element, java.util.Arrays.copyOfRange(bytes, pos, pos + (int) len));
            pos += (int) len;
        }
        if (pos != length) {
            throw new DicomProtocolException("trailing bytes in DIMSE command");
        }
        return c;
    }

    static int le16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    static int le32(byte[] b, int off) {
        return le16(b, off) | le16(b, off + 2) << 16;
    }
}
