package org.mdm.hydra.keyserver;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.mdm.hydra.protocol.BatchLimits;

/**
 * Where the key servers are and how long to wait for them.
 *
 * @param servers        the n servers, in share order: server i holds share x = i + 1
 * @param k              shares needed to rebuild a key (2 &le; k &le; n)
 * @param connectTimeout bound on one TCP connect
 * @param requestTimeout bound on one request, from sending it to its response headers
 * @param totalTimeout   bound on a whole operation (a fetch gives up after it; a bulk operation
 *                       on more than {@code batchSize} keys is several operations, see {@link KeyServers})
 * @param hedgeDelay     a read asks k servers first and one more when one of those fails or has
 *                       not answered within this delay
 * @param batchSize      most keys per batch request (1..{@link BatchLimits#MAX_KEYS})
 */
public record KeyServersConfig(List<URI> servers, int k, Duration connectTimeout, Duration requestTimeout,
        Duration totalTimeout, Duration hedgeDelay, int batchSize) {

    /** Default connect and request timeouts: 2 s each. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Default bound on a whole operation: under the 5 s a caller is promised. */
    public static final Duration DEFAULT_TOTAL = Duration.ofMillis(4500);
    /**
     * Default hedge delay: a loopback or LAN key server answers in a few milliseconds, so 300 ms
     * means it is stalled (GC, overload, a dead host whose connection has not failed yet) while
     * staying far below the request timeout.
     */
    public static final Duration DEFAULT_HEDGE_DELAY = Duration.ofMillis(300);
    /** Default keys per batch request: ~70 KiB requests, a few milliseconds of server work. */
    public static final int DEFAULT_BATCH_SIZE = 200;

    /** Checks the values and copies the list. */
    public KeyServersConfig {
        servers = List.copyOf(servers);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(totalTimeout, "totalTimeout");
        Objects.requireNonNull(hedgeDelay, "hedgeDelay");
        if (hedgeDelay.isNegative() || batchSize < 1 || batchSize > BatchLimits.MAX_KEYS) {
            throw new IllegalArgumentException("need a hedge delay >= 0 and 1 <= batch size <= " + BatchLimits.MAX_KEYS
                    + ", got " + hedgeDelay.toMillis() + " ms and " + batchSize);
        }
        if (k < 2 || k > servers.size() || servers.size() > 255) {
            throw new IllegalArgumentException("need 2 <= k <= n <= 255 key servers, got k=" + k + ", n=" + servers.size());
        }
        if (servers.stream().distinct().count() != servers.size()) {
            throw new IllegalArgumentException("a key server is listed twice: " + servers);
        }
        for (URI u : servers) {
            if (!"https".equals(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("key server URL must be https://host:port, not " + u);
            }
        }
    }

    /** The given timeouts with the default hedge delay and batch size. */
    public KeyServersConfig(List<URI> servers, int k, Duration connectTimeout, Duration requestTimeout,
            Duration totalTimeout) {
        this(servers, k, connectTimeout, requestTimeout, totalTimeout, DEFAULT_HEDGE_DELAY, DEFAULT_BATCH_SIZE);
    }

    /** n servers, threshold k, default timeouts. */
    public static KeyServersConfig of(List<URI> servers, int k) {
        return new KeyServersConfig(servers, k, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_TOTAL);
    }

    /** The same with another hedge delay. */
    public KeyServersConfig withHedgeDelay(Duration delay) {
        return new KeyServersConfig(servers, k, connectTimeout, requestTimeout, totalTimeout, delay, batchSize);
    }

    /** The same with another batch size. */
    public KeyServersConfig withBatchSize(int size) {
        return new KeyServersConfig(servers, k, connectTimeout, requestTimeout, totalTimeout, hedgeDelay, size);
    }

    /** The same with other request and whole-operation timeouts. */
    public KeyServersConfig withTimeouts(Duration request, Duration total) {
        return new KeyServersConfig(servers, k, connectTimeout, request, total, hedgeDelay, batchSize);
    }
}
