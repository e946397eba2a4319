package org.mdm.spool;

import java.util.concurrent.locks.ReentrantLock;
import org.mdm.api.spool.SpoolKey;

/**
 * Serialises the renames and deletions of one key's files (publishing a new version against
 * removing an evicted one) without a lock for the whole spool. Striped: keys share a fixed set
 * of locks, so memory stays bounded; two keys on one stripe merely wait for each other.
 * Never hold two of these at once, and take one before, never while, holding the index lock.
 */
final class KeyLocks {
    private static final int STRIPES = 64;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    KeyLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /** The lock guarding the files of {@code key}. */
    ReentrantLock of(SpoolKey key) {
        return locks[Math.floorMod(key.hashCode(), STRIPES)];
    }
}
