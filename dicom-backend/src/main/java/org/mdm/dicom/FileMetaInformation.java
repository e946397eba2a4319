package org.mdm.dicom;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes a File Meta Information group (PS3.10 §7.1) in Explicit VR Little Endian, group
 * length first, holding exactly the elements named here: no timestamps, nothing from the clock,
 * so that the same inputs always give the same bytes. Shared by retrieval (which wraps a received
 * data set into a Part 10 image) and de-identification (which replaces the original header).
 */
public final class FileMetaInformation {
    private FileMetaInformation() {
    }

    /**
     * The meta group's bytes.
     *
     * @param sourceAet the Source Application Entity Title, or null to leave it out
     */
    public static byte[] encode(String sopClassUid, String sopInstanceUid, String transferSyntaxUid,
            String implementationClassUid, String implementationVersionName, String sourceAet) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(256);
        element(body, 0x0001, "OB", new byte[] {0, 1});
        element(body, 0x0002, "UI", padded(sopClassUid, (byte) 0));
        element(body, 0x0003, "UI", padded(sopInstanceUid, (byte) 0));
        element(body, 0x0010, "UI", padded(transferSyntaxUid, (byte) 0));
        element(body, 0x0012, "UI", padded(implementationClassUid, (byte) 0));
        element(body, 0x0013, "SH", padded(implementationVersionName, (byte) ' '));
        if (sourceAet != null && !sourceAet.isEmpty()) {
            element(body, 0x0016, "AE", padded(sourceAet, (byte) ' '));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.size() + 12);
        int length = body.size();
        element(out, 0x0000, "UL", new byte[] {(byte) length, (byte) (length >> 8), (byte) (length >> 16),
            (byte) (length >> 24)});
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static void element(ByteArrayOutputStream out, int element, String vr, byte[] value) {
        out.write(0x02);
        out.write(0x00);
        out.write(element);
        out.write(element >> 8);
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        if ("OB".equals(vr)) {
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

    /** Pads to even length, as every DICOM value must be. */
    private static byte[] padded(String text, byte pad) {
        byte[] raw = text.getBytes(StandardCharsets.US_ASCII);
        if (raw.length % 2 == 0) {
            return raw;
        }
        byte[] even = Arrays.copyOf(raw, raw.length + 1);
        even[raw.length] = pad;
        return even;
    }
}
