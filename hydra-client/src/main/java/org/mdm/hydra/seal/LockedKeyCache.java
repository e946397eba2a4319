package org.mdm.hydra.seal;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.mdm.hydra.ImageKey;
import org.mdm.nativeio.NativeIo;
import org.mdm.nativeio.NativeIoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilt image keys kept for a short time, so a burst of requests for one image (or one
 * series) does not ask the key servers again for every file.
 *
 * <p>The material lives in one direct buffer outside the Java heap, which the garbage
 * collector never copies: its pages are locked in memory (mlock, so never swapped to disk) and
 * kept out of core dumps (MADV_DONTDUMP) where {@link NativeIo} can. An entry is zeroed when it
 * expires, when it is evicted to make room (least recently used first), and on {@link #close}.
 * Keys handed out are heap copies that the caller destroys after one use.
 */
public final class LockedKeyCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LockedKeyCache.class);
    private static final int PAGE = 4096;

    private record Entry(int slot, long expiresAt) {
    }

    private final ByteBuffer arena;
    private final long ttlNanos;
    private final LongSupplier clock;
    private final Deque<Integer> free = new ArrayDeque<>();
    /** Access order: the eldest entry is the least recently used. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final NativeIo io;
    private final int capacity;
    private final boolean locked;
    private boolean closed;

    /** A cache of at most {@code capacity} keys, each kept {@code ttl} after it was rebuilt. */
    public LockedKeyCache(int capacity, Duration ttl) {
        this(capacity, ttl, System::nanoTime, NativeIo.get());
    }

    LockedKeyCache(int capacity, Duration ttl, LongSupplier clock, NativeIo io) {
        if (capacity < 0) {
            throw new IllegalArgumentException("key cache capacity must be >= 0, not " + capacity);
        }
        this.ttlNanos = ttl.toNanos();
        this.capacity = capacity;
        this.clock = clock;
        int bytes = Math.max(PAGE, roundUp(capacity * ImageKey.LENGTH));
        this.arena = ByteBuffer.allocateDirect(bytes + PAGE).alignedSlice(PAGE).limit(bytes).slice();
        for (int i = 0; i < capacity; i++) {
            free.add(i);
        }
        this.io = io;
        this.locked = protect(io);
    }

    private boolean protect(NativeIo io) {
        try {
            boolean lockedNow = io.lock(arena);
            io.excludeFromCoreDump(arena);
            if (!lockedNow) {
                LOG.warn("Cannot lock the key cache in memory on this platform; cached keys may be swapped out");
            }
            return lockedNow;
        } catch (NativeIoException e) {
            // Only the reason, never material: e.g. RLIMIT_MEMLOCK too low.
            LOG.warn("Key cache not locked in memory: {}", e.getMessage());
            return false;
        }
    }

    private static int roundUp(int bytes) {
        return (bytes + PAGE - 1) / PAGE * PAGE;
    }

    /** Whether the cache's pages are locked in memory. */
    public boolean isLocked() {
        return locked;
    }

    /** A fresh copy of the cached key, or null if it is absent or expired; the caller destroys it. */
    public synchronized ImageKey get(String keyId) {
        sweep();
        Entry e = entries.get(keyId);
        if (e == null) {
            return null;
        }
        byte[] material = new byte[ImageKey.LENGTH];
        try {
            arena.get(e.slot() * ImageKey.LENGTH, material);
            return ImageKey.of(keyId, material);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
    }

    /** Keeps a copy of {@code key} (the caller still owns and destroys its own). */
    public synchronized void put(ImageKey key) {
        if (closed || ttlNanos <= 0) {
            return;
        }
        sweep();
        Entry old = entries.remove(key.keyId());
        if (old != null) {
            release(old);
        }
        if (free.isEmpty()) {
            Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
            if (!eldest.hasNext()) {
                return; // capacity 0
            }
            release(eldest.next().getValue());
            eldest.remove();
        }
        int slot = free.remove();
        byte[] material = key.material();
        try {
            arena.put(slot * ImageKey.LENGTH, material);
        } finally {
            Arrays.fill(material, (byte) 0);
        }
        entries.put(key.keyId(), new Entry(slot, clock.getAsLong() + ttlNanos));
    }

    /** Whether the cache keeps anything at all (a capacity and a time to live above zero). */
    public boolean keeps() {
        return capacity > 0 && ttlNanos > 0;
    }

    /** Most keys held at once. */
    public int capacity() {
        return capacity;
    }

    /** Whether {@code keyId} is held now (no copy is made). */
    public synchronized boolean contains(String keyId) {
        sweep();
        return entries.containsKey(keyId);
    }

    /** How many keys are held now (expired ones are dropped first). */
    public synchronized int size() {
        sweep();
        return entries.size();
    }

    private void sweep() {
        long now = clock.getAsLong();
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (now - e.expiresAt() >= 0) {
                release(e);
                it.remove();
            }
        }
    }

    private void release(Entry e) {
        arena.put(e.slot() * ImageKey.LENGTH, new byte[ImageKey.LENGTH]);
        free.add(e.slot());
    }

    /** A copy of the raw arena, for tests that check wiping. */
    synchronized byte[] arenaSnapshot() {
        byte[] copy = new byte[arena.capacity()];
        arena.get(0, copy);
        return copy;
    }

    /** Zeroes every entry. */
    @Override
    public synchronized void close() {
        entries.values().forEach(this::release);
        entries.clear();
        if (locked && !closed) {
            try {
                io.unlock(arena);
            } catch (NativeIoException e) {
                LOG.debug("munlock of the key cache failed: {}", e.getMessage());
            }
        }
        closed = true;
    }
}
