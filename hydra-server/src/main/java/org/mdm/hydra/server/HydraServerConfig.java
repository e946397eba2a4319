package org.mdm.hydra.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.VomsAttributes;

/**
 * What a key server needs: where to listen, its host credential, whom to trust, how to read
 * VOMS attributes, where to keep shares, and its bounds.
 *
 * @param bind          address and port (port 0: any free port)
 * @param host          the host credential presented to clients
 * @param trust         the CA directory clients' proxies are checked against
 * @param voms          reads callers' FQANs (VOMS groups and VOs in ACLs)
 * @param store         where shares live; the server closes it when it stops
 * @param maxBodyBytes  largest request body accepted
 * @param threads       request handler threads
 * @param idleTimeout   how long an idle or slow connection is kept (JVM-wide, see {@link HydraServer})
 */
public record HydraServerConfig(InetSocketAddress bind, GridCredential host, GridTrust trust, VomsAttributes voms,
        ShareStore store, int maxBodyBytes, int threads, Duration idleTimeout) {

    /** Default request body limit: 64 KiB (a share request is well under 1 KiB plus its ACL). */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    /** Checks the values. */
    public HydraServerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(voms, "voms");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxBodyBytes < 1024 || threads < 1 || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("need maxBodyBytes >= 1024, threads >= 1 and a positive idle timeout");
        }
    }

    /** A configuration with the default bounds: 64 KiB bodies, 8 threads, 30 s timeouts. */
    public static HydraServerConfig of(InetSocketAddress bind, GridCredential host, GridTrust trust,
            VomsAttributes voms, ShareStore store) {
        return new HydraServerConfig(bind, host, trust, voms, store, DEFAULT_MAX_BODY_BYTES, 8, Duration.ofSeconds(30));
    }
}
