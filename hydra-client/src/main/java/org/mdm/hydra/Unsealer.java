package org.mdm.hydra;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Opens a sealed file, releasing no plaintext unless the file is authentic.
 *
 * <p>Pass 1 streams header and ciphertext through HMAC-SHA256 and compares the tag in constant
 * time. Pass 2 decrypts into an owner-only temporary file beside the output and, at the same
 * time, recomputes the synthetic IV from the plaintext: the IV is itself a MAC of the plaintext,
 * so even if the sealed file were rewritten between the two passes, forged plaintext would not
 * match it. Only then is the temporary file synced and renamed to the output. On any failure the
 * temporary file is deleted and the output is left as it was (absent, or its previous contents).
 * Memory use is a 64 KiB buffer whatever the size of the file.
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
            SealedFormat.Header header = SealedFormat.readHeader(stream(channel, 0), sealed);
            if (!header.keyId().equals(key.keyId())) {
                throw new MdmException(Status.INVALID_REQUEST, "Sealed file " + sealed + " was sealed with key id "
                        + header.keyId() + ", not " + key.keyId() + "; rebuild the key " + header.keyId()
                        + " from its shares and try again. Nothing was decrypted.");
            }
            long bodyLength = channel.size() - header.length() - SealedFormat.TAG_LENGTH;
            if (bodyLength < 0) {
                throw SealedFormat.corrupt(sealed, "it is too short to hold its tag (truncated)");
            }
            verifyTag(channel, header, bodyLength, keys, sealed);
            return AtomicFiles.write(out, true, stream -> decrypt(channel, header, bodyLength, keys, stream, sealed));
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Cannot read sealed file " + sealed + ": " + e.getMessage()
                    + "; nothing was decrypted", e);
        }
    }

    /** Pass 1: HMAC over header || ciphertext, compared with the trailing tag in constant time. */
    private static void verifyTag(FileChannel channel, SealedFormat.Header header, long bodyLength, SealKeys keys,
            Path sealed) throws IOException, MdmException {
        Mac mac = keys.newMac();
        mac.update(header.encode());
        DataInputStream in = new DataInputStream(stream(channel, header.length()));
        byte[] buffer = new byte[Sealer.BUFFER];
        for (long left = bodyLength; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw SealedFormat.corrupt(sealed, "it became shorter while being read");
            }
            mac.update(buffer, 0, n);
            left -= n;
        }
        byte[] tag = new byte[SealedFormat.TAG_LENGTH];
        try {
            in.readFully(tag);
        } catch (EOFException e) {
            throw SealedFormat.corrupt(sealed, "it became shorter while being read");
        }
        if (!MessageDigest.isEqual(mac.doFinal(), tag)) {
            throw SealedFormat.corrupt(sealed, "its authentication tag does not match (the file is tampered or"
                    + " truncated, or the key for id " + header.keyId() + " was rebuilt from wrong shares)");
        }
    }

    /** Pass 2: decrypt to {@code out} while recomputing the synthetic IV from the plaintext. */
    private static long decrypt(FileChannel channel, SealedFormat.Header header, long bodyLength, SealKeys keys,
            OutputStream out, Path sealed) throws IOException, MdmException {
        byte[] iv = header.iv();
        Cipher cipher = keys.newCtr(Cipher.DECRYPT_MODE, iv);
        Mac siv = keys.newSivMac();
        InputStream in = stream(channel, header.length());
        byte[] buffer = new byte[Sealer.BUFFER];
        try {
            for (long left = bodyLength; left > 0; ) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw SealedFormat.corrupt(sealed, "it became shorter while being read");
                }
                byte[] plain = cipher.update(buffer, 0, n);
                siv.update(plain);
                out.write(plain);
                Arrays.fill(plain, (byte) 0);
                left -= n;
            }
            if (!MessageDigest.isEqual(iv, SealKeys.finishIv(siv))) {
                throw SealedFormat.corrupt(sealed, "its plaintext does not match its synthetic IV (the file changed"
                        + " while being read, or was sealed by faulty software)");
            }
            return bodyLength;
        } finally {
            Arrays.fill(buffer, (byte) 0);
        }
    }

    /** A buffered stream over the channel from {@code position}; not closed (the channel is). */
    private static InputStream stream(FileChannel channel, long position) throws IOException {
        channel.position(position);
        return new BufferedInputStream(Channels.newInputStream(channel), Sealer.BUFFER);
    }
}
