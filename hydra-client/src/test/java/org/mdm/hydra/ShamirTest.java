package org.mdm.hydra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Property tests with seeded randomness: each failure message names the seed, so a failing case
 * can be replayed by fixing {@link #SEED}.
 */
class ShamirTest {
    private static final long SEED = Long.getLong("shamir.seed", 20261125L);
    private static final int KEYS_PER_CASE = 20;

    /** A SecureRandom whose output is reproducible from the seed (tests only). */
    private static SecureRandom seeded(long seed) {
        Random r = new Random(seed);
        return new SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                r.nextBytes(bytes);
            }
        };
    }

    private static byte[] everyByteValue() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        return all;
    }

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource({"2,2", "2,3", "3,5", "2,5", "4,7", "5,5"})
    void everyKSubsetRebuildsRandomKeysAndEveryByteValue(int k, int n) throws MdmException {
        Random random = new Random(SEED + 31L * k + n);
        SecureRandom coefficients = seeded(SEED ^ (k * 1000L + n));
        List<byte[]> secrets = new ArrayList<>();
        secrets.add(everyByteValue());
        for (int i = 0; i < KEYS_PER_CASE; i++) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            secrets.add(key);
        }
        for (byte[] secret : secrets) {
            List<KeyShare> shares = Shamir.split(secret, k, n, coefficients);
            assertEquals(n, shares.size());
            for (List<KeyShare> subset : subsets(shares, k)) {
                Collections.shuffle(subset, random);
                assertArrayEquals(secret, Shamir.combine(subset),
                        "seed " + SEED + ", " + k + " of " + n + ", shares " + subset);
            }
            // More than k shares lie on the same polynomial and rebuild it too.
            assertArrayEquals(secret, Shamir.combine(shares), "seed " + SEED + ", all " + n + " shares");
        }
    }

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource({"3,3", "3,5", "4,7", "5,6"})
    void kMinusOneSharesGiveADifferentSecret(int k, int n) throws MdmException {
        Random random = new Random(SEED + k * 7L + n);
        for (int i = 0; i < KEYS_PER_CASE; i++) {
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            List<KeyShare> shares = Shamir.split(secret, k, n, seeded(SEED + i));
            for (List<KeyShare> subset : subsets(shares, k - 1)) {
                assertFalse(Arrays.equals(secret, Shamir.combine(subset)),
                        "seed " + SEED + ": " + (k - 1) + " of " + n + " shares rebuilt the secret");
            }
        }
    }

    @Test
    void oneShareOfTwoIsRefusedRatherThanReturned() throws MdmException {
        List<KeyShare> shares = Shamir.split(new byte[] {1, 2, 3}, 2, 3);
        MdmException e = assertThrows(MdmException.class, () -> Shamir.combine(shares.subList(0, 1)));
        assertEquals(Status.INVALID_REQUEST, e.status());
    }

    @Test
    void twoHundredFiftyFiveOfTwoHundredFiftyFive() throws MdmException {
        byte[] secret = {0, (byte) 0xFF, 0x11, (byte) 0x80};
        List<KeyShare> shares = new ArrayList<>(Shamir.split(secret, 255, 255, seeded(SEED)));
        Collections.shuffle(shares, new Random(SEED));
        assertArrayEquals(secret, Shamir.combine(shares), "seed " + SEED);
        assertFalse(Arrays.equals(secret, Shamir.combine(shares.subList(0, 254))), "seed " + SEED);
    }

    /**
     * The information-theoretic property, exhaustively for a 1-byte secret with k = 2 and k = 3:
     * for fixed k-1 shares (x and value), every candidate secret 0..255 agrees with exactly one
     * polynomial of degree k-1, so the k-1 shares carry no information about the secret.
     */
    @Test
    void kMinusOneSharesAreConsistentWithEverySecretExactlyOnce() {
        Random random = new Random(SEED);
        for (int trial = 0; trial < 3; trial++) {
            int x1 = 1 + random.nextInt(255);
            int y1 = random.nextInt(256);
            for (int s = 0; s < 256; s++) {
                int count = 0;
                for (int a1 = 0; a1 < 256; a1++) {
                    count += eval(s, a1, 0, x1) == y1 ? 1 : 0;
                }
                assertEquals(1, count, "seed " + SEED + ", k=2, x1=" + x1 + ", y1=" + y1 + ", s=" + s);
            }
        }
        int x1 = 1 + random.nextInt(254);
        int x2 = x1 + 1 + random.nextInt(255 - x1);
        int y1 = random.nextInt(256);
        int y2 = random.nextInt(256);
        int[] counts = new int[256];
        for (int s = 0; s < 256; s++) {
            for (int a1 = 0; a1 < 256; a1++) {
                for (int a2 = 0; a2 < 256; a2++) {
                    if (eval(s, a1, a2, x1) == y1 && eval(s, a1, a2, x2) == y2) {
                        counts[s]++;
                    }
                }
            }
        }
        for (int s = 0; s < 256; s++) {
            assertEquals(1, counts[s], "seed " + SEED + ", k=3, x=(" + x1 + "," + x2 + "), y=(" + y1 + ","
                    + y2 + "), s=" + s);
        }
    }

    /** s + a1 x + a2 x^2 with the reference multiplication, independent of the tables. */
    private static int eval(int s, int a1, int a2, int x) {
        int x2 = Gf256.multiplySlow(x, x);
        return s ^ Gf256.multiplySlow(a1, x) ^ Gf256.multiplySlow(a2, x2);
    }

    @Test
    void freshCoefficientsPerSplit() throws MdmException {
        byte[] secret = new byte[32];
        List<KeyShare> first = Shamir.split(secret, 2, 3);
        List<KeyShare> second = Shamir.split(secret, 2, 3);
        assertFalse(Arrays.equals(first.get(0).value(), second.get(0).value()), "same shares twice");
        // And a share is not the secret (all-zero here) in the clear.
        assertFalse(Arrays.equals(secret, first.get(0).value()));
    }

    @Test
    void coefficientsAreFreshForEveryByte() throws MdmException {
        // With one polynomial reused for every byte, share[b] - secret[b] would be the same for
        // all b, leaking the differences between key bytes: a zero secret would give flat shares.
        for (KeyShare share : Shamir.split(new byte[32], 3, 5)) {
            byte[] v = share.value();
            long distinct = IntStream.range(0, v.length).map(i -> v[i]).distinct().count();
            assertTrue(distinct > 1, "share " + share + " is one repeated byte");
        }
    }

    @Test
    void splitLeavesTheSecretAlone() throws MdmException {
        byte[] secret = everyByteValue();
        Shamir.split(secret, 3, 5);
        assertArrayEquals(everyByteValue(), secret);
    }

    @Test
    void rejectsBadThresholds() {
        byte[] secret = {1};
        int[][] bad = {{1, 3}, {0, 3}, {4, 3}, {2, 256}, {256, 256}, {-1, 2}};
        for (int[] kn : bad) {
            MdmException e = assertThrows(MdmException.class, () -> Shamir.split(secret, kn[0], kn[1]),
                    kn[0] + " of " + kn[1]);
            assertEquals(Status.INVALID_REQUEST, e.status());
            assertTrue(e.getMessage().contains(kn[0] + " of " + kn[1]), e.getMessage());
        }
        MdmException empty = assertThrows(MdmException.class, () -> Shamir.split(new byte[0], 2, 3));
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());
    }

    @Test
    void rejectsDuplicateAndUnequalShares() throws MdmException {
        List<KeyShare> shares = Shamir.split(new byte[] {1, 2, 3}, 2, 3);
        MdmException dup = assertThrows(MdmException.class,
                () -> Shamir.combine(List.of(shares.get(0), shares.get(1), shares.get(0))));
        assertEquals(Status.INVALID_REQUEST, dup.status());
        assertTrue(dup.getMessage().contains("x=1 was given twice"), dup.getMessage());

        KeyShare shorter = new KeyShare(3, new byte[] {9, 9});
        MdmException unequal = assertThrows(MdmException.class,
                () -> Shamir.combine(List.of(shares.get(0), shorter)));
        assertEquals(Status.CORRUPT_DATA, unequal.status());
        assertTrue(unequal.getMessage().contains("different lengths"), unequal.getMessage());

        assertThrows(MdmException.class, () -> Shamir.combine(List.of()));
        assertThrows(IllegalArgumentException.class, () -> new KeyShare(0, new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> new KeyShare(256, new byte[1]));
    }

    @Test
    void shareToStringHidesTheValueAndDestroyZeroesIt() {
        KeyShare share = new KeyShare(7, new byte[] {(byte) 0xDE, (byte) 0xAD});
        assertEquals("KeyShare[x=7, 2 bytes]", share.toString());
        share.destroy();
        assertThrows(IllegalStateException.class, share::value);
    }

    /** Every subset of {@code size} elements, in index order. */
    private static List<List<KeyShare>> subsets(List<KeyShare> all, int size) {
        List<List<KeyShare>> out = new ArrayList<>();
        collect(all, size, 0, new ArrayList<>(), out);
        return out;
    }

    private static void collect(List<KeyShare> all, int size, int from, List<KeyShare> current,
            List<List<KeyShare>> out) {
        if (current.size() == size) {
            out.add(new ArrayList<>(current));
            return;
        }
        for (int i = from; i < all.size(); i++) {
            current.add(all.get(i));
            collect(all, size, i + 1, current, out);
            current.remove(current.size() - 1);
        }
    }
}
