package org.mdm.dicom.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds the Part 10 prefix (128-byte preamble, "DICM", File Meta Information in Explicit VR
 * Little Endian) that turns a received data set into a complete DICOM file image in memory.
 */
final class Part10 {
    private Part10() {
    }

    /** The preamble and meta header for a data set of the given identity and transfer syntax. */
    static byte[] header(String sopClass, String sopInstance, String transferSyntax, String sourceAet) {
        ByteArrayOutputStream meta = new ByteArrayOutputStream(256);
        element(meta, 0x0001, "OB", new byte[] {0, 1});
        element(meta, 0x0002, "UI", uid(sopClass));
        element(meta, 0x0003, "UI", uid(sopInstance));
        element(meta, 0x0010, "UI", uid(transferSyntax));
        element(meta, 0x0012, "UI", uid(Pdu.IMPLEMENTATION_CLASS_UID));
        element(meta, 0x0013, "SH", text(Pdu.IMPLEMENTATION_VERSION));
        if (sourceAet != null && !sourceAet.isEmpty()) {
            element(meta, 0x0016, "AE", text(sourceAet));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(meta.size() + 144);
        out.writeBytes(new byte[128]);
        out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
        int len = meta.size();
        element(out, 0x0000, "UL", new byte[] {(byte) len, (byte) (len >> 8), (byte) (len >> 16), (byte) (len >> 24)});
        out.writeBytes(meta.toByteArray());
        return out.toByteArray();
    }

    private static void element(ByteArrayOutputStream out, int element, String vr, byte[] value) {
        out.write(0x02);
        out.write(0x00);
        out.write(element & 0xff);
        out.write(element >> 8);
        out.write(vr.charAt(0));
        out.write(vr.charAt(1));
        if (vr.equals("OB")) {
            out.write(0);
            out.write(0);
            out.write(value.length);
            out.write(value.length >> 8);
            out.write(value.length >> 16);
            out.write(value.length >> 24);
        } else {
            out.write(value.length);
            out.write(value.length >> 8);
        }
        out.writeBytes(value);
    }

    private static byte[] uid(String s) {
        return pad(s, (byte) 0);
    }

    private static byte[] text(String s) {
        return pad(s, (byte) ' ');
    }

    private static byte[] pad(String s, byte pad) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if (b.length % 2 == 0) {
            return b;
        }
        byte[] p = java.util.Arrays.copyOf(b, b.length + 1);
        p[b.length] = pad;
        return p;
    }
}
