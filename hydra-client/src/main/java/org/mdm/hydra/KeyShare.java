package org.mdm.hydra;

import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * One Shamir share of a secret: the point (x, f(x)) evaluated byte by byte, where x is in
 * 1..255 (x = 0 would be the secret itself) and the value has the secret's length.
 *
 * <p>A share is key material: fewer than k of them reveal nothing about the secret, but k of
 * them do, so {@link #toString()} shows only x and the length, and {@link #destroy()} zeroes the
 * bytes. The value is copied in and out so that a caller cannot alter a share after the fact.
 */
public final class KeyShare implements Destroyable {
    private final int x;
    private final byte[] value;
    private volatile boolean destroyed;

    /**
     * A share with coordinate {@code x} (1..255) and a non-empty value (copied).
     *
     * @throws IllegalArgumentException if x is out of range or the value is empty
     */
    public KeyShare(int x, byte[] value) {
        Objects.requireNonNull(value, "value");
        if (x < 1 || x > 255) {
            throw new IllegalArgumentException("share x coordinate must be in 1..255, not " + x);
        }
        if (value.length == 0) {
            throw new IllegalArgumentException("share value must not be empty");
        }
        this.x = x;
        this.value = value.clone();
    }

    /** The x coordinate, 1..255. */
    public int x() {
        return x;
    }

    /** The number of bytes in the value (the length of the shared secret). */
    public int length() {
        return value.length;
    }

    /** A copy of the value; the caller should zero it when done. */
    public byte[] value() {
        checkNotDestroyed();
        return value.clone();
    }

    /** The value byte at {@code index}, without copying the whole value. */
    int byteAt(int index) {
        checkNotDestroyed();
        return value[index] & 0xFF;
    }

    /** Zeroes the value; the share cannot be used afterwards. */
    @Override
    public void destroy() {
        Arrays.fill(value, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void checkNotDestroyed() {
        if (destroyed) {
            throw new IllegalStateException("share x=" + x + " has been destroyed");
        }
    }

    /** Equal when x and value are equal (compared in constant time). */
    @Override
    public boolean equals(Object other) {
        return other instanceof KeyShare
                && ((KeyShare) other).x == x
                && java.security.MessageDigest.isEqual(((KeyShare) other).value, value);
    }

    @Override
    public int hashCode() {
        // Only x and length: hashing the value would leak a function of key material.
        return 31 * x + value.length;
    }

    /** Shows x and the length, never the value. */
    @Override
    public String toString() {
        return "KeyShare[x=" + x + ", " + value.length + " bytes" + (destroyed ? ", destroyed" : "") + "]";
    }
}
