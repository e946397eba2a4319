package org.mdm.hydra;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Seals plaintext into the {@link SealedFormat}: deterministic, authenticated encryption (SIV).
 *
 * <p>Sealing reads the plaintext twice: once to derive the synthetic IV (a MAC of the header and
 * the plaintext, which is also the file's tag), once to encrypt with it. That is why the sources
 * are a {@link Path} or a buffer and not a one-shot stream. A file that changes between the two
 * passes (its size or modification time differ afterwards) fails the seal instead of yielding a
 * sealed file that would not open. Memory use is one buffer of {@value #BUFFER} bytes whatever
 * the size of the plaintext.
 */
public final class Sealer {
    static final int BUFFER = 256 * 1024;

    private Sealer() {
    }

    /**
     * Lets HotSpot compile the AES-CTR and HMAC-SHA256 paths with their CPU intrinsics early,
     * on a background thread, for a process that will seal many small files (a storage element).
     */
    public static void warmUpInBackground() {
        SealKeys.warmUpInBackground();
    }

    /** Opens the plaintext for one pass. */
    @FunctionalInterface
    private interface Source {
        InputStream open() throws IOException;
    }

    /** Tells whether a file source changed between the passes; null for memory sources. */
    @FunctionalInterface
    private interface Stamp {
        Object read() throws IOException;
    }

    /**
     * Seals {@code plaintext} to {@code out} (not closed). Returns the number of bytes written,
     * which is {@link SealedFormat#sealedLength}. The stream variants write as they go: if one
     * throws, discard what reached {@code out} (the {@link Path} variant does that itself).
     */
    public static long seal(ImageKey key, byte[] plaintext, OutputStream out) throws MdmException {
        Objects.requireNonNull(plaintext, "plaintext");
        return seal(key, () -> new ByteArrayInputStream(plaintext), null, "in-memory plaintext", out);
    }

    /** Seals the remaining bytes of {@code plaintext} (its position is left unchanged) to {@code out}. */
    public static long seal(ImageKey key, ByteBuffer plaintext, OutputStream out) throws MdmException {
        Objects.requireNonNull(plaintext, "plaintext");
        return seal(key, () -> new BufferInput(plaintext.duplicate()), null, "in-memory plaintext", out);
    }

    /** Seals the file {@code plaintext} to {@code out} (not closed), reading the file twice. */
    public static long seal(ImageKey key, Path plaintext, OutputStream out) throws MdmException {
        Objects.requireNonNull(plaintext, "plaintext");
        return seal(key, () -> Files.newInputStream(plaintext), () -> stamp(plaintext), plaintext.toString(), out);
    }

    /**
     * Seals the file {@code plaintext} into {@code out}: written to a temporary file beside it,
     * synced and renamed, so {@code out} is either the whole sealed file or untouched.
     */
    public static long seal(ImageKey key, Path plaintext, Path out) throws MdmException {
        Objects.requireNonNull(out, "out");
        return AtomicFiles.write(out, false, stream -> seal(key, plaintext, stream));
    }

    private static Object stamp(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return Arrays.asList(a.size(), a.lastModifiedTime(), a.fileKey());
    }

    private static long seal(ImageKey key, Source source, Stamp stamp, String name, OutputStream out)
            throws MdmException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(out, "out");
        byte[] buffer = new byte[BUFFER];
        try (SealKeys keys = SealKeys.derive(key)) {
            Object before = stamp == null ? null : stamp.read();
            byte[] prefix = new SealedFormat.Header(SealedFormat.VERSION, SealedFormat.CIPHER_AES256_CTR_HMAC_SHA256,
                    key.keyId(), new byte[SealedFormat.IV_LENGTH]).prefix();
            Mac siv = keys.newSivMac(prefix);
            long length = macPass(source, siv, buffer);
            byte[] iv = SealKeys.finishIv(siv);
            out.write(new SealedFormat.Header(SealedFormat.VERSION, SealedFormat.CIPHER_AES256_CTR_HMAC_SHA256,
                    key.keyId(), iv).encode());
            long second = encryptPass(source, keys.newCtr(Cipher.ENCRYPT_MODE, iv), buffer, out);
            if (second != length || (stamp != null && !before.equals(stamp.read()))) {
                throw new MdmException(Status.IO_ERROR, "Plaintext " + name
                        + " changed while it was being sealed; seal it again once it is complete");
            }
            return SealedFormat.sealedLength(key.keyId(), length);
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Cannot seal " + name + ": " + e.getMessage()
                    + "; check the disk and retry", e);
        } finally {
            Arrays.fill(buffer, (byte) 0);
        }
    }

    /** Pass 1: the plaintext through the synthetic-IV MAC. Returns its length. */
    private static long macPass(Source source, Mac siv, byte[] buffer) throws IOException {
        long total = 0;
        try (InputStream in = source.open()) {
            for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; total += n) {
                siv.update(buffer, 0, n);
            }
        }
        return total;
    }

    /** Pass 2: the plaintext encrypted in place in {@code buffer}, then written. Returns its length. */
    private static long encryptPass(Source source, Cipher ctr, byte[] buffer, OutputStream out) throws IOException {
        long total = 0;
        try (InputStream in = source.open()) {
            for (int n; (n = in.readNBytes(buffer, 0, buffer.length)) > 0; total += n) {
                // CTR is a stream cipher: the output has the input's length and may overwrite it.
                SealKeys.ctrInPlace(ctr, buffer, n);
                out.write(buffer, 0, n);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR in place failed: cannot happen without padding", e);
        }
        return total;
    }

    /** Reads a buffer's remaining bytes; the JDK has no stream over a ByteBuffer. */
    private static final class BufferInput extends InputStream {
        private final ByteBuffer buffer;

        BufferInput(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public int read() {
            return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (!buffer.hasRemaining()) {
                return len == 0 ? 0 : -1;
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }
    }
}
