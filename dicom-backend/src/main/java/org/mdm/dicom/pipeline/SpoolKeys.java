package org.mdm.dicom.pipeline;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.mdm.api.spool.SpoolKey;
import org.mdm.dicom.DicomPfn;

/**
 * Spool keys for DICOM PFNs: a SHA-256 of the canonical PFN. Hashing keeps UIDs (which can be
 * traced back to a patient) out of file names and keeps names short and safe; the canonical
 * form makes {@code :104} and no port, or a default transform and an explicit one, share a key.
 */
public final class SpoolKeys {
    private static final String PREFIX = "dicom-";

    private SpoolKeys() {
    }

    /** The spool key of one image PFN. */
    public static SpoolKey of(DicomPfn pfn) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(pfn.canonical().getBytes(StandardCharsets.US_ASCII));
            return new SpoolKey(PREFIX + HexFormat.of().formatHex(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
