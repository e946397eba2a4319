package org.mdm.gridftp.client;

/**
 * Told how many bytes of a download have arrived, for a progress bar. Called from the data
 * connections' threads, possibly from several at once, with a total that only grows; it must
 * return quickly and not throw.
 */
@FunctionalInterface
public interface TransferListener {
    /** A listener that ignores progress. */
    TransferListener NONE = bytes -> { };

    /** {@code bytes} of the file have arrived so far. */
    void progress(long bytes);
}
