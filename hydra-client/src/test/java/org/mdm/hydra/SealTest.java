package org.mdm.hydra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

class SealTest {
    private static final long SEED = 424242L;

    @TempDir
    Path dir;

    private static ImageKey key(String id, int seed) {
        byte[] material = new byte[32];
        new Random(seed).nextBytes(material);
        return ImageKey.of(id, material);
    }

    private static byte[] plaintext(int length) {
        byte[] data = new byte[length];
        new Random(SEED + length).nextBytes(data);
        return data;
    }

    private static byte[] seal(ImageKey key, byte[] plaintext) throws MdmException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long n = Sealer.seal(key, plaintext, out);
        assertEquals(out.size(), n);
        return out.toByteArray();
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void roundTripThroughFilesWithExactPredictedSize() throws Exception {
        ImageKey key = key("1.2.840.99.1", 1);
        byte[] plain = plaintext(200_000);
        Path in = write("plain.dcm", plain);
        Path sealed = dir.resolve("plain.dcm.sealed");
        long size = Sealer.seal(key, in, sealed);
        assertEquals(SealedFormat.sealedLength("1.2.840.99.1", plain.length), size);
        assertEquals(size, Files.size(sealed));
        assertEquals(28 + 12 + 200_000, size);
        Path out = dir.resolve("out.dcm");
        assertEquals(plain.length, Unsealer.unseal(key, sealed, out));
        assertArrayEquals(plain, Files.readAllBytes(out));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)));
        assertEquals("1.2.840.99.1", SealedFormat.readHeader(sealed).keyId());
        assertNoTempFiles();
    }

    @Test
    void headerLayoutIsAsDocumented() throws Exception {
        byte[] sealed = seal(key("abc", 1), new byte[] {1, 2, 3});
        assertArrayEquals("MDMSEAL\0".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(sealed, 8));
        assertEquals(2, sealed[8]);
        assertEquals(1, sealed[9]);
        assertEquals(0, sealed[10]);
        assertEquals(3, sealed[11]);
        assertEquals("abc", new String(sealed, 12, 3, StandardCharsets.UTF_8));
        assertEquals(28 + 3 + 3, sealed.length);
    }

    @Test
    void deterministicForSameKeyAndPlaintextAndSameFromFileOrMemory() throws Exception {
        ImageKey key = key("k", 7);
        byte[] plain = plaintext(100_001);
        byte[] first = seal(key, plain);
        assertArrayEquals(first, seal(key, plain));
        ByteArrayOutputStream fromFile = new ByteArrayOutputStream();
        Sealer.seal(key, write("p", plain), fromFile);
        assertArrayEquals(first, fromFile.toByteArray());
    }

    @Test
    void differentKeyOrPlaintextGivesDifferentBytesAndIv() throws Exception {
        byte[] plain = plaintext(1000);
        byte[] a = seal(key("k", 1), plain);
        byte[] b = seal(key("k", 2), plain);
        assertEquals(a.length, b.length);
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 13, 29), Arrays.copyOfRange(b, 13, 29)), "same IV");
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 29, 1029), Arrays.copyOfRange(b, 29, 1029)));
        byte[] other = plain.clone();
        other[999] ^= 1;
        byte[] c = seal(key("k", 1), other);
        assertFalse(Arrays.equals(Arrays.copyOfRange(a, 13, 29), Arrays.copyOfRange(c, 13, 29)), "same IV");
        // The ciphertext is not the plaintext.
        assertFalse(Arrays.equals(plain, Arrays.copyOfRange(a, 29, 1029)));
    }

    @Test
    void emptyPlaintextWorks() throws Exception {
        ImageKey key = key("empty", 3);
        byte[] sealed = seal(key, new byte[0]);
        assertEquals(28 + 5, sealed.length);
        Path out = dir.resolve("out");
        assertEquals(0, Unsealer.unseal(key, write("s", sealed), out));
        assertEquals(0, Files.size(out));
    }

    @Test
    void everyTamperedByteIsRejectedWithoutOutput() throws Exception {
        ImageKey key = key("id-7", 5);
        byte[] sealed = seal(key, plaintext(300));
        for (int i = 0; i < sealed.length; i++) {
            for (int bit : new int[] {0x01, 0x80}) {
                byte[] bad = sealed.clone();
                bad[i] ^= (byte) bit;
                MdmException e = expectFailure(key, bad, "byte " + i + " ^ " + bit);
                boolean header = i < 8 + 1 + 1 + 2 + 4;
                if (!header) {
                    // IV (the tag) and ciphertext: only the tag can tell.
                    assertEquals(Status.CORRUPT_DATA, e.status(), "byte " + i);
                    assertTrue(e.getMessage().contains("authentication tag (the synthetic IV) does not match"),
                            e.getMessage());
                }
            }
        }
    }

    @Test
    void everyTruncationIsRejectedWithoutOutput() throws Exception {
        ImageKey key = key("id", 5);
        byte[] sealed = seal(key, plaintext(100));
        for (int length = 0; length < sealed.length; length++) {
            MdmException e = expectFailure(key, Arrays.copyOf(sealed, length), "truncated to " + length);
            assertEquals(Status.CORRUPT_DATA, e.status(), "truncated to " + length);
        }
        byte[] longer = Arrays.copyOf(sealed, sealed.length + 1);
        assertEquals(Status.CORRUPT_DATA, expectFailure(key, longer, "one byte appended").status());
    }

    @Test
    void wrongKeyMaterialIsCorruptDataAndWrongKeyIdIsInvalidRequest() throws Exception {
        byte[] sealed = seal(key("id", 1), plaintext(5000));
        MdmException wrongBytes = expectFailure(key("id", 2), sealed, "wrong key bytes");
        assertEquals(Status.CORRUPT_DATA, wrongBytes.status());
        MdmException wrongId = expectFailure(key("other", 1), sealed, "wrong key id");
        assertEquals(Status.INVALID_REQUEST, wrongId.status());
        assertTrue(wrongId.getMessage().contains("sealed with key id id, not other"), wrongId.getMessage());
    }

    @Test
    void unknownVersionIsNotSupportedAndBadMagicIsCorrupt() throws Exception {
        ImageKey key = key("id", 1);
        byte[] sealed = seal(key, plaintext(10));
        for (int version : new int[] {1, 3}) {
            byte[] other = sealed.clone();
            other[8] = (byte) version;
            assertEquals(Status.NOT_SUPPORTED, expectFailure(key, other, "version " + version).status());
        }
        byte[] notSealed = "just a DICOM file, not sealed at all".getBytes(StandardCharsets.US_ASCII);
        MdmException e = expectFailure(key, notSealed, "not sealed");
        assertTrue(e.getMessage().contains("not a sealed MDM file"), e.getMessage());
    }

    @Test
    void failureLeavesAnExistingOutputAsItWas() throws Exception {
        ImageKey key = key("id", 1);
        byte[] sealed = seal(key, plaintext(100));
        sealed[50] ^= 1;
        Path out = write("existing", new byte[] {42});
        assertThrows(MdmException.class, () -> Unsealer.unseal(key, write("bad", sealed), out));
        assertArrayEquals(new byte[] {42}, Files.readAllBytes(out));
        assertNoTempFiles();
    }

    @Test
    void messagesNeverContainKeyMaterial() throws Exception {
        ImageKey key = key("id", 9);
        byte[] sealed = seal(key, plaintext(100));
        sealed[sealed.length - 1] ^= 1;
        MdmException e = expectFailure(key, sealed, "bad tag");
        String hex = java.util.HexFormat.of().formatHex(key.material());
        assertFalse(e.getMessage().toLowerCase().contains(hex.substring(0, 8)));
        assertTrue(e.getMessage().contains("Copy the file again"), e.getMessage());
    }

    /** Unsealing {@code sealed} fails, leaves no output and no temporary file, and names the file. */
    private MdmException expectFailure(ImageKey key, byte[] sealed, String what) throws IOException {
        Path in = write("case.sealed", sealed);
        Path out = dir.resolve("case.out");
        MdmException e = assertThrows(MdmException.class, () -> Unsealer.unseal(key, in, out), what);
        assertFalse(Files.exists(out), what + ": output written");
        assertNoTempFiles();
        assertTrue(e.getMessage().contains(in.toString()), what + ": " + e.getMessage());
        assertNotEquals(Status.INTERNAL_ERROR, e.status());
        return e;
    }

    private void assertNoTempFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> temps = files.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
            assertTrue(temps.isEmpty(), "temporary files left: " + temps);
        }
    }
}
