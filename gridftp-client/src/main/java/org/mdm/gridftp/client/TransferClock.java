package org.mdm.gridftp.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the data connections of one download share: the bytes so far (told to the listener),
 * when anything last happened (the 150 reply or data on any connection), and whether the
 * download was aborted. A connection that is silent is fine while the transfer as a whole moves;
 * the transfer fails when all of it has been silent longer than its deadline (the start deadline
 * until the 150, then the data deadline).
 */
final class TransferClock {
    private final AtomicLong bytes = new AtomicLong();
    private final TransferListener listener;
    private final long startNanos;
    private final long dataNanos;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean started;
    private volatile boolean aborted;

    TransferClock(TransferListener listener, long startMillis, long dataMillis) {
        this.listener = listener;
        this.startNanos = startMillis * 1_000_000L;
        this.dataNanos = dataMillis * 1_000_000L;
    }

    /** The server said 150: from now on the data deadline applies. */
    void started() {
        started = true;
        lastActivity = System.nanoTime();
    }

    /** {@code n} bytes arrived. */
    void arrived(long n) {
        lastActivity = System.nanoTime();
        listener.progress(bytes.addAndGet(n));
    }

    long bytes() {
        return bytes.get();
    }

    void abort() {
        aborted = true;
    }

    boolean aborted() {
        return aborted;
    }

    /** Called when a connection was silent for a poll interval: fails if the whole transfer is stuck or aborted. */
    void checkStuck() throws IOException {
        if (aborted) {
            throw new InterruptedIOException("the download was aborted");
        }
        long quiet = System.nanoTime() - lastActivity;
        long limit = started ? dataNanos : startNanos;
        if (quiet > limit) {
            throw new SocketTimeoutException("no data for " + quiet / 1_000_000_000L + " s");
        }
    }
}
