package org.mdm.hydra;

/**
 * Arithmetic in GF(2^8) with the AES reduction polynomial x^8 + x^4 + x^3 + x + 1 (0x11B).
 *
 * <p>Addition and subtraction are XOR. Multiplication and division go through log/exp tables
 * computed once from the generator 0x03 (a primitive element for 0x11B). Every byte value
 * 0..255 is a field element, which is the point: the original Hydra worked modulo 65521 on
 * 16-bit chunks and could not represent chunks 65521..65535, so some keys were unrecoverable.
 *
 * <p>Table lookups are indexed by secret values, so they are not constant time with respect to
 * cache timing; shares are split and combined on the client, not on a shared server, which is
 * where this trade-off is acceptable.
 */
final class Gf256 {
    /** exp[i] = 3^i; doubled in length so that exp[log a + log b] needs no modulo. */
    private static final int[] EXP = new int[512];
    /** log[a] for a in 1..255; log[0] is undefined and never read. */
    private static final int[] LOG = new int[256];

    static {
        int value = 1;
        for (int i = 0; i < 255; i++) {
            EXP[i] = value;
            LOG[value] = i;
            value = multiplySlow(value, 0x03);
        }
        for (int i = 255; i < EXP.length; i++) {
            EXP[i] = EXP[i - 255];
        }
    }

    private Gf256() {
    }

    /** Sum (and difference) of two field elements. */
    static int add(int a, int b) {
        return a ^ b;
    }

    /** Product of two field elements. */
    static int mul(int a, int b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return EXP[LOG[a] + LOG[b]];
    }

    /** Quotient a / b; b must not be 0. */
    static int div(int a, int b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero in GF(256)");
        }
        if (a == 0) {
            return 0;
        }
        return EXP[LOG[a] + 255 - LOG[b]];
    }

    /**
     * Shift-and-add multiplication with reduction by 0x11B. Used only to build the tables and by
     * tests as an independent reference: it is slow but obviously correct.
     */
    static int multiplySlow(int a, int b) {
        int product = 0;
        int x = a;
        int y = b;
        while (y != 0) {
            if ((y & 1) != 0) {
                product ^= x;
            }
            x <<= 1;
            if ((x & 0x100) != 0) {
                x ^= 0x11B;
            }
            y >>>= 1;
        }
        return product;
    }
}
