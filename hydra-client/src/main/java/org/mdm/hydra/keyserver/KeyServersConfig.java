package org.mdm.hydra.keyserver;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where the key servers are and how long to wait for them.
 *
 * @param servers        the n servers, in share order: server i holds share x = i + 1
 * @param k              shares needed to rebuild a key (2 &le; k &le; n)
 * @param connectTimeout bound on one TCP connect
 * @param requestTimeout bound on one request, from sending it to its response headers
 * @param totalTimeout   bound on a whole operation (a fetch gives up after it)
 */
public record KeyServersConfig(List<URI> servers, int k, Duration connectTimeout, Duration requestTimeout,
        Duration totalTimeout) {

    /** Default connect and request timeouts: 2 s each. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    /** Default bound on a whole operation: under the 5 s a caller is promised. */
    public static final Duration DEFAULT_TOTAL = Duration.ofMillis(4500);

    /** Checks the values and copies the list. */
    public KeyServersConfig {
        servers = List.copyOf(servers);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(totalTimeout, "totalTimeout");
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

    /** n servers, threshold k, default timeouts. */
    public static KeyServersConfig of(List<URI> servers, int k) {
        return new KeyServersConfig(servers, k, DEFAULT_TIMEOUT, DEFAULT_TIMEOUT, DEFAULT_TOTAL);
    }
}
