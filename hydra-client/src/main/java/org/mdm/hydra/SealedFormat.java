package org.mdm.hydra;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The sealed-file format, version 1 (full description and an openssl recipe in
 * {@code hydra-client/SEALED-FORMAT.md}):
 *
 * <pre>
 * offset  size  field
 * 0       8     magic "MDMSEAL\0"
 * 8       1     version = 1
 * 9       1     cipher  = 1 (AES-256-CTR + HMAC-SHA256, keys from HKDF-SHA256)
 * 10      2     L = key id length in bytes, big-endian (1..1024)
 * 12      L     key id, UTF-8
 * 12+L    16    synthetic IV = HMAC-SHA256(macKey, "mdm-siv" || plaintext)[0..16)
 * 28+L    P     AES-256-CTR(encKey, IV, plaintext)
 * 28+L+P  32    tag = HMAC-SHA256(macKey, header || ciphertext)
 * </pre>
 *
 * <p>encKey = HKDF-SHA256(IKM = image key, no salt, info "mdm-seal-enc", 32 bytes) and macKey
 * likewise with info "mdm-seal-mac". Encryption is deterministic: the same key and plaintext
 * give the same bytes, so a regenerated spool file keeps its registered size and checksum; the
 * sealed size is {@link #sealedLength(String, long)}.
 */
public final class SealedFormat {
    /**
     * Format version written and read by this code. Version 1 was a pre-release layout (with a
     * separate trailing tag) that never left development; it is refused like any unknown version.
     */
    public static final int VERSION = 2;
    /** Cipher suite 1: AES-256-CTR, HMAC-SHA256 synthetic IV (which is also the tag), HKDF-SHA256 keys. */
    public static final int CIPHER_AES256_CTR_HMAC_SHA256 = 1;
    /** Length of the synthetic IV, which is the file's authentication tag. */
    public static final int IV_LENGTH = 16;
    /** Bytes of the header that do not depend on the key id: magic, version, cipher, length, IV. */
    static final int FIXED_HEADER_LENGTH = 8 + 1 + 1 + 2 + IV_LENGTH;
    private static final byte[] MAGIC = "MDMSEAL\0".getBytes(StandardCharsets.US_ASCII);

    private SealedFormat() {
    }

    /** The 8 magic bytes "MDMSEAL\0" (a copy). */
    public static byte[] magic() {
        return MAGIC.clone();
    }

    /** Header length for this key id: 28 + its UTF-8 length. */
    public static int headerLength(String keyId) {
        return FIXED_HEADER_LENGTH + keyId.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The exact size of a sealed file: header + plaintext (CTR adds no padding, the IV is the tag). */
    public static long sealedLength(String keyId, long plaintextLength) {
        return headerLength(keyId) + plaintextLength;
    }

    /** A parsed header. The IV is exposed to this package only. */
    public static final class Header {
        private final int version;
        private final int cipher;
        private final String keyId;
        private final byte[] iv;

        Header(int version, int cipher, String keyId, byte[] iv) {
            this.version = version;
            this.cipher = cipher;
            this.keyId = keyId;
            this.iv = iv.clone();
        }

        /** The format version. */
        public int version() {
            return version;
        }

        /** The cipher suite id. */
        public int cipher() {
            return cipher;
        }

        /** The id of the key the file was sealed with: fetch its shares to open the file. */
        public String keyId() {
            return keyId;
        }

        /** The header's length in bytes. */
        public int length() {
            return headerLength(keyId);
        }

        byte[] iv() {
            return iv.clone();
        }

        /**
         * The header without its IV (magic, version, cipher, key id length, key id): the
         * associated data the synthetic IV authenticates along with the plaintext.
         */
        byte[] prefix() {
            byte[] all = encode();
            return java.util.Arrays.copyOf(all, all.length - IV_LENGTH);
        }

        /** The header's bytes, as written. */
        byte[] encode() {
            byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
            ByteBuffer b = ByteBuffer.allocate(FIXED_HEADER_LENGTH + id.length);
            b.put(MAGIC).put((byte) version).put((byte) cipher).putShort((short) id.length).put(id).put(iv);
            return b.array();
        }

        @Override
        public String toString() {
            return "SealedFormat.Header[v" + version + ", cipher " + cipher + ", key id " + keyId + "]";
        }
    }

    /** Reads and checks the header of a sealed file, for instance to learn which key opens it. */
    public static Header readHeader(Path sealed) throws MdmException {
        try (InputStream in = Files.newInputStream(sealed)) {
            return readHeader(in, sealed);
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Cannot read sealed file " + sealed + ": " + e.getMessage(), e);
        }
    }

    /** Reads exactly the header from {@code in}; {@code file} names the source in errors. */
    static Header readHeader(InputStream in, Path file) throws MdmException, IOException {
        DataInputStream data = new DataInputStream(in);
        try {
            byte[] magic = new byte[MAGIC.length];
            data.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw corrupt(file, "it does not start with the magic \"MDMSEAL\\0\" (not a sealed MDM file)");
            }
            int version = data.readUnsignedByte();
            int cipher = data.readUnsignedByte();
            if (version != VERSION || cipher != CIPHER_AES256_CTR_HMAC_SHA256) {
                throw new MdmException(Status.NOT_SUPPORTED, "Sealed file " + file + " has format version " + version
                        + ", cipher " + cipher + "; this MDM reads version " + VERSION + ", cipher "
                        + CIPHER_AES256_CTR_HMAC_SHA256 + ": use a newer MDM (or the file is damaged)");
            }
            int idLength = data.readUnsignedShort();
            if (idLength == 0 || idLength > ImageKey.MAX_KEY_ID_BYTES) {
                throw corrupt(file, "its key id length " + idLength + " is outside 1.." + ImageKey.MAX_KEY_ID_BYTES);
            }
            byte[] id = new byte[idLength];
            data.readFully(id);
            byte[] iv = new byte[IV_LENGTH];
            data.readFully(iv);
            return new Header(version, cipher, decodeKeyId(id, file), iv);
        } catch (EOFException e) {
            throw corrupt(file, "it is truncated inside its header");
        }
    }

    private static String decodeKeyId(byte[] id, Path file) throws MdmException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(id)).toString();
        } catch (CharacterCodingException e) {
            throw corrupt(file, "its key id is not valid UTF-8");
        }
    }

    /** The error for a damaged file: says what is wrong and what to do. */
    static MdmException corrupt(Path file, String what) {
        return new MdmException(Status.CORRUPT_DATA, "Sealed file " + file + " is damaged: " + what
                + "; nothing was decrypted. Copy the file again from its storage element.");
    }
}
