package org.mdm.dicom.deid;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Checks that a byte array is a complete DICOM Part 10 stream before anything is parsed or
 * written, and finds the raw Pixel Data element so that it can be copied unchanged.
 *
 * <p>PixelMed stops quietly at a truncated element (it logs and returns what it read), so the
 * structure is checked here: every element, item and delimiter must fit in the stream.
 */
final class Part10Scanner {
    private static final int PREAMBLE = 128;
    private static final Set<String> STRING_VRS = Set.of("UI", "AE", "SH", "LO", "CS", "ST", "UL");

    private Part10Scanner() {
    }

    /** Scans the stream; {@code label} names it in error messages. */
    static Part10Layout scan(byte[] file, String label) throws MdmException {
        if (file.length < PREAMBLE + 4 || !"DICM".equals(new String(file, PREAMBLE, 4, StandardCharsets.US_ASCII))) {
            throw corrupt(label, "not a DICOM Part 10 stream (no 'DICM' prefix after the 128-byte preamble)");
        }
        Map<Integer, String> meta = new LinkedHashMap<>();
        int pos = readMeta(file, label, meta);
        String ts = meta.get(0x00020010);
        if (ts == null || ts.isEmpty()) {
            throw corrupt(label, "not a valid DICOM Part 10 stream (the meta header has no Transfer Syntax UID)");
        }
        boolean deflated = Part10Layout.DEFLATED.equals(ts);
        byte[] dataSet = deflated ? inflate(file, pos, label) : java.util.Arrays.copyOfRange(file, pos, file.length);
        String where = deflated ? " of the inflated data set" : "";
        DataSetWalker walker = new DataSetWalker(dataSet, deflated ? 0 : pos, where, label,
                !Part10Layout.IMPLICIT_LE.equals(ts), Part10Layout.EXPLICIT_BE.equals(ts));
        walker.walk();
        return new Part10Layout(ts, meta, dataSet, walker.pixelStart(), walker.pixelEnd(), walker.topLevelTags(),
                walker.topLevelStarts());
    }

    private static int readMeta(byte[] b, String label, Map<Integer, String> meta) throws MdmException {
        int pos = PREAMBLE + 4;
        while (pos + 8 <= b.length && u16(b, pos) == 0x0002) {
            int tag = u16(b, pos) << 16 | u16(b, pos + 2);
            String vr = new String(b, pos + 4, 2, StandardCharsets.US_ASCII);
            boolean longForm = DataSetWalker.LONG_VRS.contains(vr);
            if (!vr.matches("[A-Z]{2}")) {
                throw corrupt(label, "not a valid DICOM Part 10 stream (meta header element at byte " + pos
                        + " is not in explicit VR little endian)");
            }
            int header = longForm ? 12 : 8;
            if (pos + header > b.length) {
                throw corrupt(label, "truncated at byte " + b.length + " (in the meta header)");
            }
            long length = longForm ? u32(b, pos + 8) : u16(b, pos + 6);
            if (pos + header + length > b.length) {
                throw corrupt(label, "truncated at byte " + b.length + " (meta header element at byte " + pos
                        + " needs " + length + " bytes)");
            }
            int start = pos + header;
            meta.put(tag, text(b, start, (int) length, vr));
            pos = start + (int) length;
        }
        return pos;
    }

    private static String text(byte[] b, int start, int length, String vr) {
        if ("UL".equals(vr) && length == 4) {
            return Long.toString(u32(b, start));
        }
        if (!STRING_VRS.contains(vr)) {
            return java.util.HexFormat.of().formatHex(b, start, start + length);
        }
        String value = new String(b, start, length, StandardCharsets.ISO_8859_1);
        return value.replaceAll("[\\x00 ]+$", "").replaceAll("^ +", "");
    }

    private static byte[] inflate(byte[] file, int pos, String label) throws MdmException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(file, pos, file.length - pos);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, (file.length - pos) * 4));
            byte[] buffer = new byte[65536];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw corrupt(label, "truncated at byte " + file.length + " (the deflated data set ends early)");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw corrupt(label, "the deflated data set is corrupt (" + e.getMessage() + ")");
        } finally {
            inflater.end();
        }
    }

    static int u16(byte[] b, int pos) {
        return (b[pos] & 0xFF) | (b[pos + 1] & 0xFF) << 8;
    }

    static long u32(byte[] b, int pos) {
        return (b[pos] & 0xFFL) | (b[pos + 1] & 0xFFL) << 8 | (b[pos + 2] & 0xFFL) << 16 | (b[pos + 3] & 0xFFL) << 24;
    }

    static MdmException corrupt(String label, String what) {
        return new MdmException(Status.CORRUPT_DATA, "Cannot de-identify " + label + ": " + what
                + ". Check the object in the DICOM server; it cannot be served until it is readable.");
    }
}
