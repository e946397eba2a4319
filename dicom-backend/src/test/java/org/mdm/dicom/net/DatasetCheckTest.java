package org.mdm.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

/** The structural check that decides CORRUPT_DATA, on hand-built data sets. */
class DatasetCheckTest {
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";

    /** An explicit VR little endian data set: SOP class, SOP instance, a sequence, pixel data. */
    private static byte[] explicitLe(boolean bigEndian) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        shortElement(out, 0x0008, 0x0016, "UI", (CT).getBytes(StandardCharsets.US_ASCII), bigEndian);
        shortElement(out, 0x0008, 0x0018, "UI", "1.2.3.4\0".getBytes(StandardCharsets.US_ASCII), bigEndian);
        // (0008,1140) SQ undefined length, one item of undefined length holding one element
        tag(out, 0x0008, 0x1140, bigEndian);
        out.writeBytes("SQ".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0, 0, -1, -1, -1, -1});
        tag(out, 0xFFFE, 0xE000, bigEndian);
        out.writeBytes(new byte[] {-1, -1, -1, -1});
        shortElement(out, 0x0008, 0x1150, "UI", "1.2\0".getBytes(StandardCharsets.US_ASCII), bigEndian);
        tag(out, 0xFFFE, 0xE00D, bigEndian);
        out.writeBytes(new byte[4]);
        tag(out, 0xFFFE, 0xE0DD, bigEndian);
        out.writeBytes(new byte[4]);
        tag(out, 0x7FE0, 0x0010, bigEndian);
        out.writeBytes("OW".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(new byte[] {0, 0});
        out.writeBytes(bigEndian ? new byte[] {0, 0, 0, 8} : new byte[] {8, 0, 0, 0});
        out.writeBytes(new byte[8]);
        return out.toByteArray();
    }

    private static void tag(ByteArrayOutputStream out, int group, int element, boolean be) {
        out.writeBytes(be ? new byte[] {(byte) (group >> 8), (byte) group, (byte) (element >> 8), (byte) element}
                : new byte[] {(byte) group, (byte) (group >> 8), (byte) element, (byte) (element >> 8)});
    }

    private static void shortElement(ByteArrayOutputStream out, int g, int e, String vr, byte[] v, boolean be) {
        tag(out, g, e, be);
        out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(be ? new byte[] {(byte) (v.length >> 8), (byte) v.length} : new byte[] {(byte) v.length, (byte) (v.length >> 8)});
        out.writeBytes(v);
    }

    @Test
    void wellFormedDataSetYieldsItsUids() throws Exception {
        byte[] ds = explicitLe(false);
        DatasetCheck.Identity id = DatasetCheck.check(ds, 0, ds.length, TransferSyntaxes.EXPLICIT_LE);
        assertEquals(CT, id.sopClassUid());
        assertEquals("1.2.3.4", id.sopInstanceUid());
    }

    @Test
    void bigEndianIsWalkedToo() throws Exception {
        byte[] ds = explicitLe(true);
        assertEquals("1.2.3.4", DatasetCheck.check(ds, 0, ds.length, TransferSyntaxes.EXPLICIT_BE).sopInstanceUid());
    }

    @Test
    void deflatedIsInflatedThenWalked() throws Exception {
        byte[] ds = explicitLe(false);
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(ds);
        d.finish();
        byte[] buf = new byte[ds.length * 2 + 64];
        int n = d.deflate(buf);
        d.end();
        assertEquals("1.2.3.4", DatasetCheck.check(buf, 0, n, TransferSyntaxes.DEFLATED_LE).sopInstanceUid());
    }

    @Test
    void truncationAnywhereIsDetected() {
        byte[] ds = explicitLe(false);
        // every cut that does not fall on a top-level element boundary must fail
        for (int cut : new int[] {ds.length - 2, ds.length - 9, 40, 70, 90}) {
            assertThrows(CorruptObjectException.class,
                    () -> DatasetCheck.check(ds, 0, cut, TransferSyntaxes.EXPLICIT_LE), "cut at " + cut);
        }
    }

    @Test
    void textIsNotDicom() {
        byte[] text = "Hello, this is certainly not a DICOM data set.\n".repeat(10).getBytes(StandardCharsets.US_ASCII);
        CorruptObjectException e = assertThrows(CorruptObjectException.class,
                () -> DatasetCheck.check(text, 0, text.length, TransferSyntaxes.EXPLICIT_LE));
        assertTrue(e.getMessage().contains("not DICOM"), e.getMessage());
    }

    @Test
    void missingSopInstanceUidIsNotAComposite() {
        byte[] ds = Arrays.copyOfRange(explicitLe(false), 0, 8 + CT.length());
        CorruptObjectException e = assertThrows(CorruptObjectException.class,
                () -> DatasetCheck.check(ds, 0, ds.length, TransferSyntaxes.EXPLICIT_LE));
        assertTrue(e.getMessage().contains("no SOP Instance UID"), e.getMessage());
    }
}
