package org.mdm.dicom.deid;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed, deterministic replacements: HMAC-SHA256 under the site secret. Without the secret
 * nobody can link a replacement to its original by trying candidate values (the weakness of
 * plain hashes that PS3.15 warns about); with it, the same original always gives the same
 * replacement, so references between objects stay consistent.
 */
final class KeyedHasher {
    /** Largest shift, in days; offsets lie in [-MAX_SHIFT_DAYS, -1]. */
    static final int MAX_SHIFT_DAYS = 3650;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    KeyedHasher(byte[] secret) {
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** {@code 2.25.<decimal of the first 128 bits, unsigned>}: at most 44 characters. */
    String uid(String original) {
        byte[] mac = mac(original);
        return "2.25." + new BigInteger(1, Arrays.copyOf(mac, 16)).toString();
    }

    /**
     * The patient's date offset in days, in [-3650, -1]: always into the past, never zero, so a
     * shifted date never equals the original and never lies in the future.
     */
    int dateOffsetDays(String patientId) {
        byte[] mac = mac("date-shift" + patientId);
        long bits = new BigInteger(1, Arrays.copyOf(mac, 8)).longValue() & Long.MAX_VALUE;
        return (int) -(1 + bits % MAX_SHIFT_DAYS);
    }

    /** A stable pseudonym for a Patient ID, so one patient's studies stay linked. */
    String patientPseudonym(String patientId) {
        return "ANON" + HexFormat.of().withUpperCase().formatHex(Arrays.copyOf(mac("patient-id" + patientId), 8));
    }

    /**
     * The metadata catalogue's key for a patient: 32 hex digits of a keyed hash of the patient's
     * identity (ID and its issuer), so the catalogue never holds the ID as a key.
     */
    String patientKey(String patientId, String issuer) {
        return HexFormat.of().formatHex(Arrays.copyOf(mac("patient-key\u0000" + patientId + "\u0000"
                + (issuer == null ? "" : issuer)), 16));
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
