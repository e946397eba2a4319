package org.mdm.hydra;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * The key of one image: 32 bytes of AES-256 key material and the key id under which its
 * shares are stored on the Hydra key servers and which the sealed file names in its header.
 *
 * <p>The key id is written in clear into every sealed file, so it must be an opaque
 * identifier (a GUID or a de-identified UID), never patient data. The material is never
 * shown by {@link #toString()}; {@link #destroy()} zeroes it, after which every use fails.
 */
public final class ImageKey implements Destroyable {
    /** Length of the key material in bytes (AES-256). */
    public static final int LENGTH = 32;
    /** Longest key id accepted, in UTF-8 bytes (the sealed header stores it with a 2-byte length). */
    public static final int MAX_KEY_ID_BYTES = 1024;

    private final String keyId;
    private final byte[] material;
    private volatile boolean destroyed;

    private ImageKey(String keyId, byte[] material) {
        this.keyId = keyId;
        this.material = material;
    }

    /** Fresh key material from {@code random} (which should be a {@link SecureRandom}). */
    public static ImageKey generate(String keyId, SecureRandom random) {
        Objects.requireNonNull(random, "random");
        checkKeyId(keyId);
        byte[] material = new byte[LENGTH];
        random.nextBytes(material);
        return new ImageKey(keyId, material);
    }

    /** Fresh key material from a new {@link SecureRandom}. */
    public static ImageKey generate(String keyId) {
        return generate(keyId, new SecureRandom());
    }

    /**
     * A key from existing material, for instance rebuilt by {@link Shamir#combine}. The
     * material is copied; the caller should zero its own array.
     *
     * @throws IllegalArgumentException if the material is not 32 bytes or the key id is invalid
     */
    public static ImageKey of(String keyId, byte[] material) {
        Objects.requireNonNull(material, "material");
        checkKeyId(keyId);
        if (material.length != LENGTH) {
            throw new IllegalArgumentException("image key material must be " + LENGTH
                    + " bytes, not " + material.length);
        }
        return new ImageKey(keyId, material.clone());
    }

    private static void checkKeyId(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        int bytes = keyId.getBytes(StandardCharsets.UTF_8).length;
        if (bytes == 0 || bytes > MAX_KEY_ID_BYTES) {
            throw new IllegalArgumentException("key id must be 1.." + MAX_KEY_ID_BYTES
                    + " UTF-8 bytes, not " + bytes);
        }
    }

    /** The key id (not secret). */
    public String keyId() {
        return keyId;
    }

    /** A copy of the key material, for splitting; the caller should zero it when done. */
    public byte[] material() {
        checkNotDestroyed();
        return material.clone();
    }

    /** The material itself, without a copy, for this package's key derivation only. */
    byte[] materialNoCopy() {
        checkNotDestroyed();
        return material;
    }

    /** Zeroes the material; the key cannot be used afterwards. */
    @Override
    public void destroy() {
        Arrays.fill(material, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void checkNotDestroyed() {
        if (destroyed) {
            throw new IllegalStateException("image key " + keyId + " has been destroyed");
        }
    }

    /** Shows the key id only, never the material. */
    @Override
    public String toString() {
        return "ImageKey[id=" + keyId + (destroyed ? ", destroyed" : "") + "]";
    }
}
