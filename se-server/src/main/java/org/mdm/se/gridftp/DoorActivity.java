package org.mdm.se.gridftp;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/** What the door's transfers are doing, for an administrator's status (sessions count them). */
final class DoorActivity {
    private final AtomicInteger inFlight = new AtomicInteger();
    private final LongAdder completed = new LongAdder();
    private final LongAdder failed = new LongAdder();

    /** A RETR was accepted; its task will run {@link #taskEnded()} however it ends. */
    void started() {
        inFlight.incrementAndGet();
    }

    /** The transfer's final reply carried {@code code}. */
    void replied(int code) {
        (code == 226 ? completed : failed).increment();
    }

    void taskEnded() {
        inFlight.decrementAndGet();
    }

    int inFlight() {
        return inFlight.get();
    }

    long completed() {
        return completed.sum();
    }

    long failed() {
        return failed.sum();
    }
}
