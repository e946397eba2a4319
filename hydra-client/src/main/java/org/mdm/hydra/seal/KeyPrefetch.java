package org.mdm.hydra.seal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.keyserver.KeyOutcome;
import org.mdm.hydra.protocol.KeyIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches keys ahead into the {@link LockedKeyCache} in chunks ({@link KeySource#fetchAll}, a
 * bulk read per chunk), and lets an {@code open} of a key whose chunk is in flight wait for that
 * chunk rather than ask the key servers a second time. Keys that fail are simply not cached:
 * their own fetch then fails with the usual message.
 */
final class KeyPrefetch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KeyPrefetch.class);
    /** Keys per chunk: the first chunk arrives quickly, and a few chunks overlap. */
    static final int CHUNK = 100;
    /** Chunks in flight at once. */
    private static final int THREADS = 2;

    private final KeySource source;
    private final LockedKeyCache cache;
    private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "hydra-key-prefetch");
        t.setDaemon(true);
        return t;
    });

    KeyPrefetch(KeySource source, LockedKeyCache cache) {
        this.source = source;
        this.cache = cache;
    }

    /** Starts fetching those of {@code keyIds} not cached nor in flight, at most as many as the cache holds. */
    void start(Collection<String> keyIds) {
        if (!cache.keeps()) {
            return;
        }
        List<String> wanted = new ArrayList<>();
        for (String id : new LinkedHashSet<>(keyIds)) {
            if (wanted.size() < cache.capacity() && KeyIds.isValid(id) && !cache.contains(id) && !pending.containsKey(id)) {
                wanted.add(id);
            }
        }
        for (int from = 0; from < wanted.size(); from += CHUNK) {
            List<String> chunk = wanted.subList(from, Math.min(wanted.size(), from + CHUNK));
            CompletableFuture<Void> done = new CompletableFuture<>();
            List<String> mine = chunk.stream().filter(id -> pending.putIfAbsent(id, done) == null).toList();
            try {
                threads.execute(() -> fetch(mine, done));
            } catch (RejectedExecutionException closed) {
                finish(mine, done);
                return;
            }
        }
    }

    private void fetch(List<String> ids, CompletableFuture<Void> done) {
        try {
            int cached = 0;
            for (KeyOutcome<ImageKey> o : source.fetchAll(ids).values()) {
                if (o.ok()) {
                    cache.put(o.value());
                    o.value().destroy();
                    cached++;
                }
            }
            LOG.debug("prefetched {} of {} keys", cached, ids.size());
        } catch (RuntimeException e) {
            LOG.warn("prefetching {} keys failed: {}", ids.size(), e.toString());
        } finally {
            finish(ids, done);
        }
    }

    private void finish(List<String> ids, CompletableFuture<Void> done) {
        ids.forEach(id -> pending.remove(id, done));
        done.complete(null);
    }

    /** Waits for the chunk holding {@code keyId}, if one is in flight (it is bounded by the client's timeouts). */
    void awaitPending(String keyId) {
        CompletableFuture<Void> chunk = pending.get(keyId);
        if (chunk == null) {
            return;
        }
        try {
            chunk.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // never completed exceptionally; the caller fetches the key itself
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
        pending.values().forEach(f -> f.complete(null));
    }
}
