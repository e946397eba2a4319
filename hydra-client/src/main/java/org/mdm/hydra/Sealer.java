package org.mdm.hydra;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Seals plaintext into the {@link SealedFormat}: deterministic, authenticated encryption.
 *
 * <p>Sealing reads the plaintext twice: once to derive the synthetic IV from it, once to
 * encrypt. That is why the sources are a {@link Path} or a byte array and not a one-shot stream.
 * The second pass recomputes the IV and fails if the plaintext changed in between, so a file
 * modified while being sealed never yields a sealed file that would fail to open later.
 * Memory use is one 64 KiB buffer whatever the file size.
 */
public final class Sealer {
    static final int BUFFER = 64 * 1024;

    private Sealer() {
    }

    /** Opens the plaintext for one pass. */
    @FunctionalInterface
    private interface Source {
        InputStream open() throws IOException;
    }

    /**
     * Seals {@code plaintext} to {@code out} (not closed). Returns the number of bytes written,
     * which is {@link SealedFormat#sealedLength}. The stream variants write as they go: if one
     * throws, discard what reached {@code out} (the {@link Path} variant does that itself).
     */
    public static long seal(ImageKey key, byte[] plaintext, OutputStream out) throws MdmException {
        Objects.requireNonNull(plaintext, "plaintext");
        return seal(key, () -> new ByteArrayInputStream(plaintext), "in-memory plaintext", out);
    }

    /** Seals the remaining bytes of {@code plaintext} (its position is left unchanged) to {@code out}. */
    public static long seal(ImageKey key, ByteBuffer plaintext, OutputStream out) throws MdmException {
        Objects.requireNonNull(plaintext, "plaintext");
        return seal(key, () -> new BufferInput(plaintext.duplicate()), "in-memory plaintext", out);
    }

    /** Seals the file {@code plaintext} to {@code out} (not closed), reading the file twice. */
    public static long seal(ImageKey key, Path plaintext, OutputStream out) throws MdmException {
        Objects.requireNonNull(plaintext, "plaintext");
        return seal(key, () -> Files.newInputStream(plaintext), plaintext.toString(), out);
    }

    /**
     * Seals the file {@code plaintext} into {@code out}: written to a temporary file beside it,
     * synced and renamed, so {@code out} is either the whole sealed file or untouched.
     */
    public static long seal(ImageKey key, Path plaintext, Path out) throws MdmException {
        Objects.requireNonNull(out, "out");
        return AtomicFiles.write(out, false, stream -> seal(key, plaintext, stream));
    }

    private static long seal(ImageKey key, Source source, String name, OutputStream out) throws MdmException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(out, "out");
        try (SealKeys keys = SealKeys.derive(key)) {
            Mac sivMac = keys.newSivMac();
            long length = pass(source, sivMac, null, null);
            byte[] iv = SealKeys.finishIv(sivMac);
            SealedFormat.Header header = new SealedFormat.Header(SealedFormat.VERSION,
                    SealedFormat.CIPHER_AES256_CTR_HMAC_SHA256, key.keyId(), iv);
            byte[] headerBytes = header.encode();
            Mac tagMac = keys.newMac();
            tagMac.update(headerBytes);
            out.write(headerBytes);
            Mac recheck = keys.newSivMac();
            long second = pass(source, recheck, keys.newCtr(Cipher.ENCRYPT_MODE, iv), new TeeMac(out, tagMac));
            if (second != length || !MessageDigest.isEqual(iv, SealKeys.finishIv(recheck))) {
                throw new MdmException(Status.IO_ERROR, "Plaintext " + name
                        + " changed while it was being sealed; seal it again once it is complete");
            }
            out.write(tagMac.doFinal());
            return SealedFormat.sealedLength(key.keyId(), length);
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Cannot seal " + name + ": " + e.getMessage()
                    + "; check the disk and retry", e);
        }
    }

    /**
     * One pass over the plaintext: feeds it to {@code sivMac}, and if a cipher is given encrypts
     * it to {@code sink}. Returns the plaintext length.
     */
    private static long pass(Source source, Mac sivMac, Cipher cipher, TeeMac sink) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        try (InputStream in = source.open()) {
            for (int n; (n = in.read(buffer)) > 0; total += n) {
                sivMac.update(buffer, 0, n);
                if (cipher != null) {
                    sink.write(cipher.update(buffer, 0, n));
                }
            }
            if (cipher != null) {
                sink.write(cipher.doFinal());
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed without padding: cannot happen", e);
        } finally {
            java.util.Arrays.fill(buffer, (byte) 0);
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
                return -1;
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }
    }

    /** Writes ciphertext to the output and to the tag MAC. */
    private static final class TeeMac {
        private final OutputStream out;
        private final Mac mac;

        TeeMac(OutputStream out, Mac mac) {
            this.out = out;
            this.mac = mac;
        }

        void write(byte[] bytes) throws IOException {
            if (bytes != null && bytes.length > 0) {
                out.write(bytes);
                mac.update(bytes);
            }
        }
    }
}
