package org.mdm.se.gridftp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLContext;
import org.mdm.security.GridTrust;
import org.mdm.security.admission.PreAuthLimits;
import org.mdm.security.PrincipalExtractor;

/**
 * How a GridFTP door runs.
 *
 * @param address      where the control and passive data listeners bind
 * @param port         the control port (0: any free port, for tests)
 * @param host         the host credential's TLS context (GSI acceptor)
 * @param trust        the grid trust anchors, for peers and delegated proxies
 * @param principals   reads a client's DN and VOMS FQANs from its validated chain
 * @param maxSessions  concurrent logged-in sessions; the next client to log in gets 421 and is closed
 * @param preAuth      connections not logged in yet: their own bound, a bound per client address, and
 *                     the login deadline (from accept to the 230, however active the client is)
 * @param idleTimeout  time a logged-in client may send nothing while no transfer runs
 * @param dataTimeout  time to open a data connection and finish its handshake
 * @param blockSize    MODE E block size
 * @param workers      threads for sessions and parallel streams (owned by the door)
 * @param dataPorts    the ports passive data connections listen on (a site's firewall opening)
 */
public record DoorSettings(InetAddress address, int port, SSLContext host, GridTrust trust,
        PrincipalExtractor principals, int maxSessions, PreAuthLimits preAuth, Duration idleTimeout,
        Duration dataTimeout, int blockSize, ExecutorService workers, PortRange dataPorts) {

    /**
     * Defaults a site would start from: 200 sessions, {@link PreAuthLimits#DEFAULTS} before login
     * (128 connections, 16 per address, 30 s to log in), 15 min idle, 60 s data, 1 MiB blocks.
     */
    public static DoorSettings defaults(InetAddress address, int port, SSLContext host, GridTrust trust,
            PrincipalExtractor principals) {
        return new DoorSettings(address, port, host, trust, principals, 200, PreAuthLimits.DEFAULTS,
                Duration.ofMinutes(15), Duration.ofSeconds(60), 1 << 20, null, PortRange.ANY);
    }

    /** Time a client has from accept to the 230 that completes its login. */
    public Duration loginTimeout() {
        return preAuth.deadline();
    }

    public DoorSettings withMaxSessions(int n) {
        return new DoorSettings(address, port, host, trust, principals, n, preAuth, idleTimeout, dataTimeout,
                blockSize, workers, dataPorts);
    }

    /** The bounds before login; their deadline is the login timeout. */
    public DoorSettings withPreAuth(PreAuthLimits limits) {
        return new DoorSettings(address, port, host, trust, principals, maxSessions, limits, idleTimeout,
                dataTimeout, blockSize, workers, dataPorts);
    }

    public DoorSettings withDataPorts(PortRange ports) {
        return new DoorSettings(address, port, host, trust, principals, maxSessions, preAuth, idleTimeout,
                dataTimeout, blockSize, workers, ports);
    }

    public DoorSettings withTimeouts(Duration login, Duration idle, Duration data) {
        return new DoorSettings(address, port, host, trust, principals, maxSessions,
                new PreAuthLimits(preAuth.maxUnauthenticated(), preAuth.maxPerAddress(), login), idle, data,
                blockSize, workers, dataPorts);
    }

    DoorSettings withWorkers(ExecutorService pool) {
        return new DoorSettings(address, port, host, trust, principals, maxSessions, preAuth, idleTimeout,
                dataTimeout, blockSize, pool, dataPorts);
    }

    int dataTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, dataTimeout.toMillis());
    }
}
