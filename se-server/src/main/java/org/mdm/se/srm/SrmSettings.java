package org.mdm.se.srm;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.mdm.security.GridTrust;
import org.mdm.security.PrincipalExtractor;
import org.mdm.security.admission.PreAuthLimits;

/**
 * How the SRM door runs.
 *
 * @param address     where it listens
 * @param port        its port (0: any free port, for tests)
 * @param host        the host credential's TLS context
 * @param trust       the grid trust anchors (clients' proxies, delegated proxies)
 * @param principals  reads a client's DN and VOMS FQANs from its chain
 * @param hostNames   the names SURLs of this SE use (the host certificate's names)
 * @param gridFtpPort the GridFTP door's port, for TURLs
 * @param preAuth     connections still handshaking: their bound, a bound per address, a deadline
 * @param idleTimeout a kept-alive connection with no request for this long is closed
 * @param threads     request threads
 * @param limits      what one client may ask
 */
public record SrmSettings(InetAddress address, int port, SSLContext host, GridTrust trust,
        PrincipalExtractor principals, Set<String> hostNames, int gridFtpPort, PreAuthLimits preAuth,
        Duration idleTimeout, int threads, SrmLimits limits) {

    /** Defaults: 8446 is SRM's customary port; 60 s idle; 32 threads; {@link SrmLimits#DEFAULTS}. */
    public static SrmSettings defaults(InetAddress address, int port, SSLContext host, GridTrust trust,
            PrincipalExtractor principals, Set<String> hostNames, int gridFtpPort) {
        return new SrmSettings(address, port, host, trust, principals, hostNames, gridFtpPort,
                PreAuthLimits.DEFAULTS, Duration.ofSeconds(60), 32, SrmLimits.DEFAULTS);
    }

    public SrmSettings withLimits(SrmLimits l) {
        return new SrmSettings(address, port, host, trust, principals, hostNames, gridFtpPort, preAuth, idleTimeout,
                threads, l);
    }

    public SrmSettings withPreAuth(PreAuthLimits p, Duration idle) {
        return new SrmSettings(address, port, host, trust, principals, hostNames, gridFtpPort, p, idle, threads,
                limits);
    }
}
