package org.mdm.se.gridftp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLContext;
import org.mdm.security.GridTrust;
import org.mdm.security.PrincipalExtractor;

/**
 * How a GridFTP door runs.
 *
 * @param address      where the control and passive data listeners bind
 * @param port         the control port (0: any free port, for tests)
 * @param host         the host credential's TLS context (GSI acceptor)
 * @param trust        the grid trust anchors, for peers and delegated proxies
 * @param principals   reads a client's DN and VOMS FQANs from its validated chain
 * @param maxSessions  concurrent sessions; the next client gets 421 and is closed
 * @param loginTimeout time a client has to authenticate
 * @param idleTimeout  time a logged-in client may send nothing while no transfer runs
 * @param dataTimeout  time to open a data connection and finish its handshake
 * @param blockSize    MODE E block size
 * @param workers      threads for sessions and parallel streams (owned by the door)
 * @param dataPorts    the ports passive data connections listen on (a site's firewall opening)
 */
public record DoorSettings(InetAddress address, int port, SSLContext host, GridTrust trust,
        PrincipalExtractor principals, int maxSessions, Duration loginTimeout, Duration idleTimeout,
        Duration dataTimeout, int blockSize, ExecutorService workers, PortRange dataPorts) {

    /** Defaults a site would start from: 200 sessions, 60 s login, 15 min idle, 60 s data, 1 MiB blocks. */
    public static DoorSettings defaults(InetAddress address, int port, SSLContext host, GridTrust trust,
            PrincipalExtractor principals) {
        return new DoorSettings(address, port, host, trust, principals, 200, Duration.ofSeconds(60),
                Duration.ofMinutes(15), Duration.ofSeconds(60), 1 << 20, null, PortRange.ANY);
    }

    public DoorSettings withMaxSessions(int n) {
        return new DoorSettings(address, port, host, trust, principals, n, loginTimeout, idleTimeout, dataTimeout,
                blockSize, workers, dataPorts);
    }

    public DoorSettings withDataPorts(PortRange ports) {
        return new DoorSettings(address, port, host, trust, principals, maxSessions, loginTimeout, idleTimeout,
                dataTimeout, blockSize, workers, ports);
    }

    public DoorSettings withTimeouts(Duration login, Duration idle, Duration data) {
        return new DoorSettings(address, port, host, trust, principals, maxSessions, login, idle, data, blockSize,
                workers, dataPorts);
    }

    DoorSettings withWorkers(ExecutorService pool) {
        return new DoorSettings(address, port, host, trust, principals, maxSessions, loginTimeout, idleTimeout,
                dataTimeout, blockSize, pool, dataPorts);
    }

    int dataTimeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, dataTimeout.toMillis());
    }
}
