package org.mdm.hydra.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mdm.hydra.ImageKey;
import org.mdm.nativeio.NativeIo;

class LockedKeyCacheTest {
    private final AtomicLong now = new AtomicLong(1_000);

    private LockedKeyCache cache(int capacity, Duration ttl) {
        return new LockedKeyCache(capacity, ttl, now::get, NativeIo.get());
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aCachedKeyComesBackAsAFreshCopyWithTheSameMaterial() {
        try (LockedKeyCache cache = cache(4, Duration.ofSeconds(60))) {
            ImageKey key = ImageKey.generate("2.25.1");
            cache.put(key);
            ImageKey first = cache.get("2.25.1");
            ImageKey second = cache.get("2.25.1");
            assertArrayEquals(key.material(), first.material());
            first.destroy();
            assertArrayEquals(key.material(), second.material(), "destroying a copy leaves the cache intact");
            assertNull(cache.get("2.25.2"));
        }
    }

    @Test
    void anExpiredKeyIsGoneAndItsSlotZeroed() {
        try (LockedKeyCache cache = cache(4, Duration.ofSeconds(60))) {
            cache.put(ImageKey.generate("a"));
            assertFalse(allZero(cache.arenaSnapshot()));
            now.addAndGet(Duration.ofSeconds(59).toNanos());
            assertNotNull(cache.get("a"));
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            assertNull(cache.get("a"));
            assertEquals(0, cache.size());
            assertTrue(allZero(cache.arenaSnapshot()), "expiry wiped the material");
        }
    }

    @Test
    void whenFullTheLeastRecentlyUsedKeyIsEvictedAndWiped() {
        try (LockedKeyCache cache = cache(2, Duration.ofSeconds(60))) {
            ImageKey a = ImageKey.generate("a");
            ImageKey b = ImageKey.generate("b");
            ImageKey c = ImageKey.generate("c");
            cache.put(a);
            cache.put(b);
            cache.get("a").destroy(); // a is now more recent than b
            cache.put(c);
            assertNull(cache.get("b"));
            assertArrayEquals(a.material(), cache.get("a").material());
            assertArrayEquals(c.material(), cache.get("c").material());
            byte[] arena = cache.arenaSnapshot();
            assertFalse(containsKey(arena, b.material()), "b's material is gone from the arena");
        }
    }

    @Test
    void closeZeroesEverything() {
        LockedKeyCache cache = cache(8, Duration.ofSeconds(60));
        for (int i = 0; i < 8; i++) {
            cache.put(ImageKey.generate("k" + i));
        }
        cache.close();
        assertTrue(allZero(cache.arenaSnapshot()));
        cache.put(ImageKey.generate("late"));
        assertNull(cache.get("late"), "a closed cache keeps nothing");
    }

    @Test
    void theArenaIsLockedInMemoryWhereLibcIsAvailable() {
        try (LockedKeyCache cache = new LockedKeyCache(16, Duration.ofSeconds(1))) {
            assertEquals(NativeIo.get().isNative(), cache.isLocked(),
                    "with JNA libc the key cache must be mlock'ed (raise RLIMIT_MEMLOCK if this fails)");
        }
    }

    private static boolean containsKey(byte[] arena, byte[] key) {
        for (int off = 0; off + key.length <= arena.length; off += key.length) {
            if (java.util.Arrays.equals(arena, off, off + key.length, key, 0, key.length)) {
                return true;
            }
        }
        return false;
    }
}
