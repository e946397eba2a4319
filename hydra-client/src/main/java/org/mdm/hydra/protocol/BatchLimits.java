package org.mdm.hydra.protocol;

/** The bounds of the batch requests ({@code POST /v1/batch/…}), the same for client and server. */
public final class BatchLimits {
    /** Most keys in one batch request. */
    public static final int MAX_KEYS = 1000;
    /**
     * Default body limit of a batch request: 1000 entries of ~350 bytes (id, share, an ACL entry
     * with a DN) fit three times over; the single-key limit stays 64 KiB.
     */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /** Largest batch answer a client reads: 1000 results with error messages fit. */
    public static final int MAX_ANSWER_BYTES = 2 * 1024 * 1024;

    private BatchLimits() {
    }
}
