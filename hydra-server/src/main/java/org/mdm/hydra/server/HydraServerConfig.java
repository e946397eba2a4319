package org.mdm.hydra.server;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.VomsAttributes;
import org.mdm.security.admission.PreAuthLimits;

/**
 * What a key server needs: where to listen, its host credential, whom to trust, how to read
 * VOMS attributes, where to keep shares, and its bounds.
 *
 * @param bind          address and port (port 0: any free port)
 * @param host          the host credential presented to clients
 * @param trust         the CA directory clients' proxies are checked against
 * @param voms          reads callers' FQANs (VOMS groups and VOs in ACLs)
 * @param store         where shares live; the server closes it when it stops
 * @param maxBodyBytes  largest request body accepted (single-key requests)
 * @param maxBatchBodyBytes largest body of a batch request ({@code POST /v1/batch/…})
 * @param threads       request handler threads
 * @param idleTimeout   how long an idle or slow connection is kept once its TLS handshake is done
 * @param preAuth       connections whose TLS handshake (with the client's certificate checked) is
 *                      not done yet: their bound, their bound per client address, and the
 *                      handshake deadline from accept
 */
public record HydraServerConfig(InetSocketAddress bind, GridCredential host, GridTrust trust, VomsAttributes voms,
        ShareStore store, int maxBodyBytes, int maxBatchBodyBytes, int threads, Duration idleTimeout, PreAuthLimits preAuth) {

    /** Default request body limit: 64 KiB (a share request is well under 1 KiB plus its ACL). */
    public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    /**
     * Default bounds before the handshake completes: 128 connections, 16 per address, 10 s. A
     * handshake takes a few round trips and milliseconds of CPU; 10 s leaves room for a slow
     * network and none for a client that trickles its records.
     */
    public static final PreAuthLimits DEFAULT_PRE_AUTH = new PreAuthLimits(128, 16, Duration.ofSeconds(10));

    /** Checks the values. */
    public HydraServerConfig {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(voms, "voms");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(preAuth, "preAuth");
        if (maxBodyBytes < 1024 || maxBatchBodyBytes < maxBodyBytes || threads < 1 || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("need maxBodyBytes >= 1024, maxBatchBodyBytes >= maxBodyBytes, threads >= 1 and a positive idle timeout");
        }
    }

    /**
     * A configuration with the default bounds: 64 KiB bodies (1 MiB for batches), 8 threads, 30 s idle timeout, and
     * {@link #DEFAULT_PRE_AUTH}.
     */
    public static HydraServerConfig of(InetSocketAddress bind, GridCredential host, GridTrust trust,
            VomsAttributes voms, ShareStore store) {
        return new HydraServerConfig(bind, host, trust, voms, store, DEFAULT_MAX_BODY_BYTES,
                org.mdm.hydra.protocol.BatchLimits.MAX_BODY_BYTES, 8, Duration.ofSeconds(30),
                DEFAULT_PRE_AUTH);
    }

    /** The same with other bounds before the handshake completes. */
    public HydraServerConfig withPreAuth(PreAuthLimits limits) {
        return new HydraServerConfig(bind, host, trust, voms, store, maxBodyBytes, maxBatchBodyBytes, threads,
                idleTimeout, limits);
    }
}
