package org.mdm.hydra;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Shamir's k-of-n secret sharing over GF(2^8), byte by byte.
 *
 * <p>For every byte s of the secret a polynomial f(x) = s + a1 x + ... + a(k-1) x^(k-1) with
 * fresh random coefficients is drawn, and share i holds f(i) for i = 1..n. Any k shares rebuild
 * s = f(0) by Lagrange interpolation; k-1 shares are consistent with every value of s (each with
 * exactly one polynomial), so they say nothing about it. Because GF(2^8) holds every byte value,
 * every secret is recoverable, unlike the original Hydra's 16-bit chunks modulo 65521.
 *
 * <p>Limits: 2 &le; k &le; n &le; 255. k = 1 is refused on purpose: each share would be the
 * secret itself, so every key server would hold the plaintext key.
 *
 * <p>Shares carry no integrity: combining fewer than k shares, or a corrupted share, yields a
 * wrong secret without an error here. The sealed file's tag is what detects a wrong key.
 */
public final class Shamir {
    /** The largest number of shares: x runs over the non-zero field elements. */
    public static final int MAX_SHARES = 255;

    private Shamir() {
    }

    /**
     * Splits {@code secret} into {@code n} shares with threshold {@code k}, with coefficients
     * drawn from {@code random}. Shares have x = 1..n in order.
     *
     * @throws MdmException INVALID_REQUEST if the secret is empty or k, n are out of range
     */
    public static List<KeyShare> split(byte[] secret, int k, int n, SecureRandom random) throws MdmException {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(random, "random");
        checkThreshold(k, n);
        if (secret.length == 0) {
            throw new MdmException(Status.INVALID_REQUEST, "Cannot split an empty secret: pass the key material");
        }
        byte[][] values = new byte[n][secret.length];
        byte[] coefficients = new byte[k - 1];
        try {
            for (int b = 0; b < secret.length; b++) {
                random.nextBytes(coefficients);
                for (int x = 1; x <= n; x++) {
                    values[x - 1][b] = (byte) evaluate(secret[b] & 0xFF, coefficients, x);
                }
            }
            List<KeyShare> shares = new ArrayList<>(n);
            for (int x = 1; x <= n; x++) {
                shares.add(new KeyShare(x, values[x - 1]));
            }
            return List.copyOf(shares);
        } finally {
            // The coefficients determine the secret from any single share: do not leave them around.
            Arrays.fill(coefficients, (byte) 0);
            for (byte[] v : values) {
                Arrays.fill(v, (byte) 0);
            }
        }
    }

    /** As {@link #split(byte[], int, int, SecureRandom)} with a new {@link SecureRandom}. */
    public static List<KeyShare> split(byte[] secret, int k, int n) throws MdmException {
        return split(secret, k, n, new SecureRandom());
    }

    /**
     * Rebuilds the secret from at least two shares by interpolating at x = 0. Pass at least k
     * shares: with fewer the result is a wrong secret (this cannot be detected here).
     *
     * @throws MdmException INVALID_REQUEST if fewer than two shares are given or an x repeats;
     *     CORRUPT_DATA if the shares have different lengths (they cannot come from one split)
     */
    public static byte[] combine(Collection<KeyShare> shares) throws MdmException {
        Objects.requireNonNull(shares, "shares");
        KeyShare[] points = shares.toArray(new KeyShare[0]);
        checkShares(points);
        int[] lagrange = lagrangeAtZero(points);
        byte[] secret = new byte[points[0].length()];
        for (int b = 0; b < secret.length; b++) {
            int s = 0;
            for (int i = 0; i < points.length; i++) {
                s = Gf256.add(s, Gf256.mul(lagrange[i], points[i].byteAt(b)));
            }
            secret[b] = (byte) s;
        }
        return secret;
    }

    /** Horner evaluation of s + c[0] x + c[1] x^2 + ... at x. */
    private static int evaluate(int secretByte, byte[] coefficients, int x) {
        int result = 0;
        for (int i = coefficients.length - 1; i >= 0; i--) {
            result = Gf256.add(Gf256.mul(result, x), coefficients[i] & 0xFF);
        }
        return Gf256.add(Gf256.mul(result, x), secretByte);
    }

    /**
     * The Lagrange basis values l_i(0) = prod_{j != i} x_j / (x_j - x_i); they depend only on
     * the x coordinates, so they are computed once for all bytes.
     */
    private static int[] lagrangeAtZero(KeyShare[] points) {
        int[] l = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            int value = 1;
            for (int j = 0; j < points.length; j++) {
                if (j != i) {
                    int xj = points[j].x();
                    value = Gf256.mul(value, Gf256.div(xj, Gf256.add(xj, points[i].x())));
                }
            }
            l[i] = value;
        }
        return l;
    }

    private static void checkThreshold(int k, int n) throws MdmException {
        if (k < 2 || n < k || n > MAX_SHARES) {
            throw new MdmException(Status.INVALID_REQUEST, "Invalid Shamir threshold " + k + " of " + n
                    + ": need 2 <= k <= n <= " + MAX_SHARES + " (k = 1 would put the plain key on every server)");
        }
    }

    private static void checkShares(KeyShare[] points) throws MdmException {
        if (points.length < 2) {
            throw new MdmException(Status.INVALID_REQUEST, "Cannot rebuild a key from " + points.length
                    + " share(s): at least k >= 2 are needed; fetch more shares from the key servers");
        }
        boolean[] seen = new boolean[256];
        for (KeyShare p : points) {
            Objects.requireNonNull(p, "share");
            if (seen[p.x()]) {
                throw new MdmException(Status.INVALID_REQUEST, "Share x=" + p.x()
                        + " was given twice: pass shares from distinct key servers");
            }
            seen[p.x()] = true;
            if (p.length() != points[0].length()) {
                throw new MdmException(Status.CORRUPT_DATA, "Shares have different lengths (x=" + points[0].x()
                        + ": " + points[0].length() + " bytes, x=" + p.x() + ": " + p.length()
                        + " bytes): they are not shares of one key; fetch them again from the key servers");
            }
        }
    }
}
