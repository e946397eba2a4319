package org.mdm.hydra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seals and opens a 2 GiB file in a JVM whose heap is 64 MB (the "low-memory" surefire
 * execution in this module's pom): passes only if both directions stream. At most two 2 GiB
 * files exist at a time (the plaintext is deleted once sealed).
 */
class SealLowMemoryTest {
    private static final long SIZE = 2L << 30;

    @TempDir
    Path dir;

    @Test
    void sealsAndOpensTwoGigabytesInASixtyFourMegabyteHeap() throws Exception {
        long heap = Runtime.getRuntime().maxMemory();
        assertTrue(heap <= 80L << 20, "this test must run with -Xmx64m (the low-memory surefire execution); "
                + "max heap is " + (heap >> 20) + " MB");
        long free = Files.getFileStore(dir).getUsableSpace();
        assertTrue(free > 2 * SIZE + (512L << 20), "this test needs 4.5 GiB free in " + dir + " for two 2 GiB files;"
                + " only " + (free >> 20) + " MiB are free: free some space (or point java.io.tmpdir elsewhere)");
        Path plain = dir.resolve("plain");
        byte[] expected = writePlaintext(plain);
        ImageKey key = ImageKey.generate("1.2.3.4.5");
        Path sealed = dir.resolve("sealed");
        assertEquals(SealedFormat.sealedLength("1.2.3.4.5", SIZE), Sealer.seal(key, plain, sealed));
        Files.delete(plain);
        Path out = dir.resolve("out");
        assertEquals(SIZE, Unsealer.unseal(key, sealed, out));
        assertArrayEquals(expected, sha256(out), "decrypted 2 GiB file differs from the original");
    }

    /** Writes SIZE bytes of varied content, returning their SHA-256. */
    private static byte[] writePlaintext(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 20];
        new Random(7).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < SIZE / block.length; i++) {
                block[i % block.length] ^= (byte) (i + 1);   // no two megabytes alike
                sha.update(block);
                out.write(block);
            }
        }
        return sha.digest();
    }

    private static byte[] sha256(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        return sha.digest();
    }
}
