package org.mdm.hydra;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two keys a sealed file uses, derived from the 32-byte image key with HKDF-SHA256
 * (RFC 5869, no salt, info "mdm-seal-enc" and "mdm-seal-mac", 32 bytes each), so that the
 * encryption key and the MAC key are independent and a stock {@code openssl kdf ... HKDF}
 * reproduces them. HKDF is written here on {@link Mac} (about ten lines) rather than taking a
 * provider such as Bouncy Castle for it.
 *
 * <p>Closing zeroes the derived bytes. The JCE's own key objects hold copies that cannot be
 * zeroed on Java 17; they are short-lived and never leave the process.
 */
final class SealKeys implements AutoCloseable {
    static final String HMAC = "HmacSHA256";
    static final byte[] INFO_ENC = "mdm-seal-enc".getBytes(StandardCharsets.US_ASCII);
    static final byte[] INFO_MAC = "mdm-seal-mac".getBytes(StandardCharsets.US_ASCII);
    /** Domain label at the start of the synthetic-IV input, so macKey never MACs anything else by accident. */
    static final byte[] SIV_PREFIX = "mdm-siv".getBytes(StandardCharsets.US_ASCII);

    private final byte[] encKey;
    private final byte[] macKey;

    private SealKeys(byte[] encKey, byte[] macKey) {
        this.encKey = encKey;
        this.macKey = macKey;
    }

    /** Derives both keys from the image key's material. */
    static SealKeys derive(ImageKey key) {
        byte[] material = key.materialNoCopy();
        return new SealKeys(hkdf(null, material, INFO_ENC, 32), hkdf(null, material, INFO_MAC, 32));
    }

    /**
     * HKDF-SHA256 (RFC 5869): PRK = HMAC(salt, IKM); T(i) = HMAC(PRK, T(i-1) || info || i).
     * A null salt means HashLen zero bytes, as the RFC specifies.
     */
    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(salt == null || salt.length == 0 ? new byte[32] : salt, HMAC));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, HMAC));
            Arrays.fill(prk, (byte) 0);
            byte[] okm = new byte[length];
            byte[] t = new byte[0];
            for (int i = 1, done = 0; done < length; i++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(t.length, length - done);
                System.arraycopy(t, 0, okm, done, n);
                done += n;
            }
            Arrays.fill(t, (byte) 0);
            return okm;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** A fresh HMAC-SHA256 keyed with the MAC key. */
    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(macKey, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /**
     * A MAC primed for the synthetic IV: HMAC(macKey, "mdm-siv" || header prefix || plaintext...),
     * the header prefix being the header without its IV (associated data).
     */
    Mac newSivMac(byte[] headerPrefix) {
        Mac mac = newMac();
        mac.update(SIV_PREFIX);
        mac.update(headerPrefix);
        return mac;
    }

    /** AES-256-CTR with the whole 16-byte IV as the initial counter block (as OpenSSL's aes-256-ctr). */
    Cipher newCtr(int mode, byte[] iv) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(mode, new SecretKeySpec(encKey, "AES"), new IvParameterSpec(iv));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR/NoPadding is missing from this JDK", e);
        }
    }

    /**
     * Bytes per {@link Cipher#update} call. HotSpot replaces AES-CTR's Java loop with its
     * AES-NI stub only inside callers that C2 compiled, and C2 compiles a method after thousands
     * of calls, not after thousands of loop turns: a few 256 KiB calls per image never get
     * there (measured: ~175 MB/s for a series of 0.5 MB images instead of GB/s). Small slices
     * reach the intrinsic within the first few dozen images.
     */
    static final int CTR_SLICE = 8 * 1024;

    /** AES-CTR over {@code buffer[0, n)} in place, in {@link #CTR_SLICE} slices. */
    static void ctrInPlace(Cipher cipher, byte[] buffer, int n) throws javax.crypto.ShortBufferException {
        for (int off = 0; off < n; off += CTR_SLICE) {
            int len = Math.min(CTR_SLICE, n - off);
            cipher.update(buffer, off, len, buffer, off);
        }
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARMING = new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Starts, once per JVM, a background thread that runs AES-CTR and HMAC-SHA256 on small
     * buffers under a throwaway key until C2 has had reason to compile their callers with the
     * AES-NI and SHA-NI stubs. A storage element seals many small images: without this, a
     * series of 500 images was half over before sealing ran at intrinsic speed (profiled).
     */
    static void warmUpInBackground() {
        if (!WARMING.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(SealKeys::warmUp, "seal-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    private static void warmUp() {
        byte[] throwaway = new byte[32];
        new java.security.SecureRandom().nextBytes(throwaway);
        try (SealKeys keys = new SealKeys(hkdf(null, throwaway, INFO_ENC, 32), hkdf(null, throwaway, INFO_MAC, 32))) {
            byte[] block = new byte[256];
            for (int round = 0; round < 200; round++) {
                Cipher ctr = keys.newCtr(Cipher.ENCRYPT_MODE, new byte[SealedFormat.IV_LENGTH]);
                Mac mac = keys.newSivMac(block);
                for (int i = 0; i < 100; i++) {
                    ctrInPlace(ctr, block, block.length);
                    mac.update(block);
                }
                mac.doFinal();
            }
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException("in-place CTR cannot run short", e);
        } finally {
            Arrays.fill(throwaway, (byte) 0);
        }
    }

    /** The first 16 bytes of a finished synthetic-IV MAC. */
    static byte[] finishIv(Mac sivMac) {
        return Arrays.copyOf(sivMac.doFinal(), SealedFormat.IV_LENGTH);
    }

    @Override
    public void close() {
        Arrays.fill(encKey, (byte) 0);
        Arrays.fill(macKey, (byte) 0);
    }
}
