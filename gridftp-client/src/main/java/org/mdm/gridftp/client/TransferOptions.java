package org.mdm.gridftp.client;

/**
 * How one download travels.
 *
 * @param parallelism 1 for stream mode (MODE S, one data connection); more for extended block
 *                    mode (MODE E) over that many data connections
 * @param privacy     PROT P: the data goes through TLS (needs DCAU A); otherwise PROT C, data in clear
 */
public record TransferOptions(int parallelism, boolean privacy) {
    /** Globus servers cap parallelism far lower; this only stops nonsense. */
    public static final int MAX_PARALLELISM = 64;

    /** Checks the range. */
    public TransferOptions {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("parallelism must be 1.." + MAX_PARALLELISM + ", not " + parallelism);
        }
    }

    /** Stream mode, one connection, data in clear. */
    public static TransferOptions stream() {
        return new TransferOptions(1, false);
    }

    /** Extended block mode over {@code streams} connections (stream mode when 1). */
    public static TransferOptions parallel(int streams) {
        return new TransferOptions(streams, false);
    }

    /** The same with PROT P (true) or PROT C (false). */
    public TransferOptions withPrivacy(boolean on) {
        return new TransferOptions(parallelism, on);
    }

    /** Whether MODE E is used. */
    public boolean extendedMode() {
        return parallelism > 1;
    }
}
