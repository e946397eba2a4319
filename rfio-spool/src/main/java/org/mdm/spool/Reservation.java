package org.mdm.spool;

import org.mdm.api.spool.SpoolKey;

/**
 * Space promised to one writer. The amount changes only inside {@link SpoolIndex}, under its
 * lock, so the index's total of reservations always equals the sum of these.
 */
final class Reservation {
    private final SpoolKey key;
    private long bytes;

    Reservation(SpoolKey key) {
        this.key = key;
    }

    SpoolKey key() {
        return key;
    }

    /** Only {@link SpoolIndex} calls these, holding its lock. */
    long bytes() {
        return bytes;
    }

    void add(long delta) {
        bytes += delta;
    }
}
