package org.mdm.hydra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Opens a sealed file, releasing no plaintext unless the file is authentic.
 *
 * <p>One pass: the ciphertext is decrypted into an owner-only temporary file beside the output
 * while the synthetic IV is recomputed from the header and the plaintext. The IV is a MAC of
 * both, so it is the file's tag: only if it matches is the temporary file synced and renamed to
 * the output. On any failure the temporary file is deleted and the output is left as it was
 * (absent, or its previous contents). The MAC runs on a second thread, one buffer behind the
 * decryption and the write, so the pass costs little more than copying the file. Memory use is
 * two buffers of {@value Sealer#BUFFER} bytes whatever the size of the file.
 *
 * <p>Errors: a damaged, truncated or tampered file, or a key with the right id but the wrong
 * bytes, is {@link Status#CORRUPT_DATA} (the tag cannot tell these apart; copying the file
 * again is the useful action). A key whose id differs from the file's is
 * {@link Status#INVALID_REQUEST}: the caller picked the wrong key, a retry will not help, and the
 * message names the key id to fetch. An unknown format version is {@link Status#NOT_SUPPORTED}.
 */
public final class Unsealer {
    private Unsealer() {
    }

    /**
     * Decrypts {@code sealed} into {@code out}. Returns the plaintext length.
     *
     * @throws MdmException CORRUPT_DATA, INVALID_REQUEST or NOT_SUPPORTED as described above,
     *     IO_ERROR if the files cannot be read or written; in every case {@code out} is untouched
     */
    public static long unseal(ImageKey key, Path sealed, Path out) throws MdmException {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sealed, "sealed");
        Objects.requireNonNull(out, "out");
        try (FileChannel channel = FileChannel.open(sealed, StandardOpenOption.READ);
                SealKeys keys = SealKeys.derive(key)) {
            InputStream in = Channels.newInputStream(channel);
            SealedFormat.Header header = SealedFormat.readHeader(in, sealed);
            if (!header.keyId().equals(key.keyId())) {
                throw new MdmException(Status.INVALID_REQUEST, "Sealed file " + sealed + " was sealed with key id "
                        + header.keyId() + ", not " + key.keyId() + "; rebuild the key " + header.keyId()
                        + " from its shares and try again. Nothing was decrypted.");
            }
            long bodyLength = channel.size() - header.length();
            return AtomicFiles.write(out, true, stream -> decrypt(in, header, bodyLength, keys, stream, sealed));
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Cannot read sealed file " + sealed + ": " + e.getMessage()
                    + "; nothing was decrypted", e);
        }
    }

    /** Decrypts to {@code out} while a second thread recomputes the synthetic IV from the plaintext. */
    private static long decrypt(InputStream in, SealedFormat.Header header, long bodyLength, SealKeys keys,
            OutputStream out, Path sealed) throws IOException, MdmException {
        byte[] iv = header.iv();
        Cipher cipher = keys.newCtr(Cipher.DECRYPT_MODE, iv);
        Mac siv = keys.newSivMac(header.prefix());
        byte[][] buffers = {new byte[Sealer.BUFFER], new byte[Sealer.BUFFER]};
        Future<?>[] macs = new Future<?>[2];
        ExecutorService macThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "unseal-mac");
            t.setDaemon(true);
            return t;
        });
        try {
            long total = 0;
            for (int i = 0; ; i ^= 1) {
                byte[] buffer = buffers[i];
                await(macs[i]);
                int n = in.readNBytes(buffer, 0, buffer.length);
                if (n == 0) {
                    break;
                }
                SealKeys.ctrInPlace(cipher, buffer, n);
                macs[i] = macThread.submit(() -> siv.update(buffer, 0, n));
                out.write(buffer, 0, n);
                total += n;
            }
            await(macs[0]);
            await(macs[1]);
            if (total != bodyLength) {
                throw SealedFormat.corrupt(sealed, "its length changed while it was being read");
            }
            if (!MessageDigest.isEqual(iv, SealKeys.finishIv(siv))) {
                throw SealedFormat.corrupt(sealed, "its authentication tag (the synthetic IV) does not match: the file"
                        + " is tampered or truncated, or the key for id " + header.keyId()
                        + " was rebuilt from wrong shares");
            }
            return total;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR in place failed: cannot happen without padding", e);
        } finally {
            macThread.shutdownNow();
            for (byte[] b : buffers) {
                Arrays.fill(b, (byte) 0);
            }
        }
    }

    private static void await(Future<?> mac) throws IOException {
        if (mac == null) {
            return;
        }
        try {
            mac.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening a sealed file", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("HMAC update failed", e.getCause());
        }
    }
}
