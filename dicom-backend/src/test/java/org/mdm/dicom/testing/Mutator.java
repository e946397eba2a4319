package org.mdm.dicom.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded mutations of real DICOM Part 10 objects for the fuzz suites: bit flips, truncations,
 * wrong and huge declared lengths, VR changes, deep nesting, and combinations. The same seed
 * gives the same objects, so a failure is reproduced by its seed and index alone.
 */
public final class Mutator {
    /** Where the data set starts is not known here; mutations spare the preamble most of the time. */
    private static final int PREAMBLE = 132;
    private static final List<String> VRS = List.of("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS",
            "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC",
            "UI", "UL", "UN", "UR", "US", "UT", "UV", "XX", "\0\0");
    private static final long[] HUGE = {0xFFFFFFFFL, 0xFFFFFFFEL, 0x7FFFFFFFL, 0x80000000L, 0x10000000L, 0xFFFFL,
            0xFFFEL};

    /** The kinds of mutation, one of which (or two) each object receives. */
    public enum Kind { BIT_FLIPS, TRUNCATION, WRONG_LENGTH, HUGE_LENGTH, VR_CHANGE, DEEP_NESTING, BYTES_SPLICED }

    /** One mutated object and what was done to it (for failure messages). */
    public record Mutant(byte[] bytes, String description) {
    }

    private Mutator() {
    }

    /** The mutant number {@code index} of {@code seed} from {@code original}. */
    public static Mutant mutate(byte[] original, long seed, int index) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        byte[] b = original.clone();
        StringBuilder what = new StringBuilder();
        int rounds = random.nextInt(4) == 0 ? 2 : 1;
        for (int r = 0; r < rounds; r++) {
            Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
            b = apply(kind, b, random, what);
        }
        return new Mutant(b, what.toString());
    }

    private static byte[] apply(Kind kind, byte[] b, SplittableRandom random, StringBuilder what) {
        if (b.length <= PREAMBLE + 8) {
            return b;
        }
        switch (kind) {
            case BIT_FLIPS -> {
                int n = 1 + random.nextInt(8);
                for (int i = 0; i < n; i++) {
                    int pos = position(b, random);
                    b[pos] ^= (byte) (1 << random.nextInt(8));
                }
                what.append(n).append(" bit flips; ");
            }
            case TRUNCATION -> {
                int keep = PREAMBLE + random.nextInt(b.length - PREAMBLE);
                what.append("truncated to ").append(keep).append("; ");
                return Arrays.copyOf(b, keep);
            }
            case WRONG_LENGTH -> {
                int pos = lengthField(b, random);
                int delta = random.nextInt(-64, 65);
                b[pos] = (byte) (b[pos] + delta);
                what.append("length byte at ").append(pos).append(" +").append(delta).append("; ");
            }
            case HUGE_LENGTH -> {
                int pos = lengthField(b, random);
                long huge = HUGE[random.nextInt(HUGE.length)];
                boolean wide = random.nextBoolean() && pos + 4 <= b.length;
                for (int i = 0; i < (wide ? 4 : 2) && pos + i < b.length; i++) {
                    b[pos + i] = (byte) (huge >>> (8 * i));
                }
                what.append("length at ").append(pos).append(" = ").append(Long.toHexString(huge)).append("; ");
            }
            case VR_CHANGE -> vrChange(b, random, what);
            case DEEP_NESTING -> {
                return nested(b, random, what);
            }
            case BYTES_SPLICED -> {
                int from = position(b, random);
                int to = position(b, random);
                int n = Math.min(1 + random.nextInt(64), Math.min(b.length - from, b.length - to));
                System.arraycopy(b, from, b, to, n);
                what.append(n).append(" bytes copied from ").append(from).append(" to ").append(to).append("; ");
            }
            default -> throw new IllegalStateException(kind.name());
        }
        return b;
    }

    private static int position(byte[] b, SplittableRandom random) {
        return random.nextInt(10) == 0 ? random.nextInt(b.length) : PREAMBLE + random.nextInt(b.length - PREAMBLE);
    }

    /** A likely length field: just after a VR, or 4 bytes after an even offset (implicit VR). */
    private static int lengthField(byte[] b, SplittableRandom random) {
        for (int tries = 0; tries < 64; tries++) {
            int pos = PREAMBLE + random.nextInt(b.length - PREAMBLE - 8);
            if (isVr(b, pos + 4)) {
                boolean longForm = b[pos + 6] == 0 && b[pos + 7] == 0;
                return longForm ? pos + 8 : pos + 6;
            }
        }
        return PREAMBLE + 4 + (random.nextInt((b.length - PREAMBLE - 8) / 2) * 2);
    }

    private static void vrChange(byte[] b, SplittableRandom random, StringBuilder what) {
        for (int tries = 0; tries < 256; tries++) {
            int pos = PREAMBLE + random.nextInt(b.length - PREAMBLE - 2);
            if (isVr(b, pos)) {
                String vr = VRS.get(random.nextInt(VRS.size()));
                byte[] chars = vr.getBytes(StandardCharsets.ISO_8859_1);
                b[pos] = chars[0];
                b[pos + 1] = chars[1];
                what.append("VR at ").append(pos).append(" -> ").append(vr.replace("\0", "00")).append("; ");
                return;
            }
        }
        what.append("no VR found; ");
    }

    private static boolean isVr(byte[] b, int pos) {
        if (pos + 2 > b.length) {
            return false;
        }
        String s = new String(b, pos, 2, StandardCharsets.ISO_8859_1);
        return VRS.contains(s) && !"XX".equals(s);
    }

    /**
     * Inserts, before the first data set element after the meta header (found as the first
     * element of group 0008 or above), an undefined-length private sequence nested
     * {@code depth} items deep in implicit VR little endian layout (what an undefined-length UN
     * holds, valid in every transfer syntax's sense of "sequence bytes").
     */
    private static byte[] nested(byte[] b, SplittableRandom random, StringBuilder what) {
        int depth = random.nextInt(4) == 0 ? 10_000 + random.nextInt(50_000) : 1 + random.nextInt(300);
        int at = firstDataElement(b);
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + depth * 24);
        out.write(b, 0, at);
        boolean explicit = at + 6 <= b.length && isVr(b, at + 4);
        for (int i = 0; i < depth; i++) {
            out.writeBytes(new byte[] {0x07, 0x00, 0x10, 0x00}); // (0007,0010): before every 0008 element
            if (explicit) {
                out.writeBytes(new byte[] {'U', 'N', 0, 0});
            }
            out.writeBytes(new byte[] {-1, -1, -1, -1, -2, -1, 0, -32, -1, -1, -1, -1}); // undefined, item undefined
            explicit = false; // inside an undefined-length UN, items are implicit VR (PS3.5 6.2.2)
        }
        boolean closed = random.nextBoolean();
        for (int i = 0; closed && i < depth; i++) {
            out.writeBytes(new byte[] {-2, -1, 13, -32, 0, 0, 0, 0, -2, -1, -35, -32, 0, 0, 0, 0});
        }
        out.write(b, at, b.length - at);
        what.append(depth).append(" nested sequences").append(closed ? "" : " (unclosed)").append("; ");
        return out.toByteArray();
    }

    private static int firstDataElement(byte[] b) {
        for (int pos = PREAMBLE; pos + 4 <= b.length; pos += 2) {
            if (b[pos] == 0x08 && b[pos + 1] == 0x00 && (b[pos + 2] & 0xFF) < 0x20) {
                return pos;
            }
        }
        return PREAMBLE;
    }
}
