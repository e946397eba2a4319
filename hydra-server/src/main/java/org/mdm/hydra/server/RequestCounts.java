package org.mdm.hydra.server;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Requests a key server has handled, by route ({@code "GET /v1/keys/{id}"}, {@code "POST
 * /v1/batch/get"}…): how clients use it (single or batch calls), for operators and tests.
 */
public final class RequestCounts {
    private final Map<String, LongAdder> byRoute = new ConcurrentHashMap<>();

    void count(String route) {
        byRoute.computeIfAbsent(route, r -> new LongAdder()).increment();
    }

    /** Requests of {@code route} so far. */
    public long of(String route) {
        LongAdder n = byRoute.get(route);
        return n == null ? 0 : n.sum();
    }

    /** Every route's count so far, sorted by route. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        byRoute.forEach((route, n) -> copy.put(route, n.sum()));
        return copy;
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
