package org.mdm.dicom.deid;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A fresh File Meta Information group (PS3.10 7.1), encoded by hand so that it holds exactly
 * what is listed here: no source AE title, no private information, no timestamps from the
 * original or from the clock (PS3.15 E.1.1 step 7 asks for the meta header to be replaced).
 */
final class MetaHeader {
    /** Identifies the writer; a fixed 2.25 UID minted once for MDM's de-identifier. */
    static final String IMPLEMENTATION_CLASS_UID = "2.25.125249022937688335253295139996884045572";
    /** At most 16 characters. */
    static final String IMPLEMENTATION_VERSION_NAME = "MDM_DEID_1";

    private MetaHeader() {
    }

    /** The meta group, group length first, as explicit VR little endian bytes. */
    static byte[] encode(String sopClassUid, String sopInstanceUid, String transferSyntaxUid) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        element(body, 0x0001, "OB", new byte[] {0, 1});
        element(body, 0x0002, "UI", uid(sopClassUid));
        element(body, 0x0003, "UI", uid(sopInstanceUid));
        element(body, 0x0010, "UI", uid(transferSyntaxUid));
        element(body, 0x0012, "UI", uid(IMPLEMENTATION_CLASS_UID));
        element(body, 0x0013, "SH", padded(IMPLEMENTATION_VERSION_NAME, (byte) ' '));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int length = body.size();
        element(out, 0x0000, "UL", new byte[] {(byte) length, (byte) (length >> 8), (byte) (length >> 16),
            (byte) (length >> 24)});
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    /** The meta elements as {@link Part10Scanner} reports them, to compare with the original's. */
    static java.util.Map<Integer, String> asText(String sopClassUid, String sopInstanceUid, String transferSyntaxUid) {
        return java.util.Map.of(0x00020001, "0001", 0x00020002, sopClassUid, 0x00020003, sopInstanceUid,
                0x00020010, transferSyntaxUid, 0x00020012, IMPLEMENTATION_CLASS_UID,
                0x00020013, IMPLEMENTATION_VERSION_NAME);
    }

    private static byte[] uid(String uid) {
        return padded(uid, (byte) 0);
    }

    private static byte[] padded(String text, byte pad) {
        byte[] raw = text.getBytes(StandardCharsets.US_ASCII);
        if (raw.length % 2 == 0) {
            return raw;
        }
        byte[] even = java.util.Arrays.copyOf(raw, raw.length + 1);
        even[raw.length] = pad;
        return even;
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
}
