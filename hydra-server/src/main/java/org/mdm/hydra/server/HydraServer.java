package org.mdm.hydra.server;

import java.net.URI;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.PrincipalExtractor;
import org.mdm.security.TlsContexts;
import org.mdm.security.admission.PreAuthGuard;
import org.mdm.security.jetty.GridJetty;
import org.mdm.security.jetty.GuardedSslConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Hydra key server: Jetty's core HTTP server (no servlets) over TLS with the host
 * credential, client certificates required and checked by GridTrust during the handshake (an
 * expired proxy or one from an unknown CA never reaches a handler), and {@code /v1/keys} served
 * by {@link KeysHandler}.
 *
 * <p>Why Jetty rather than the JDK's HttpsServer (issue 15): the JDK server does each TLS
 * handshake on a worker thread and drops slow connections only after tens of seconds, so 20
 * clients trickling TLS bytes locked every user out. Jetty handshakes on its selectors without
 * holding a thread, has per-connection idle timeouts and request limits, and lets
 * grid-security's {@link PreAuthGuard} admit each connection before its handshake
 * ({@link GuardedSslConnectionFactory}): a bound on connections still handshaking, one per
 * client address, and a handshake deadline that a trickle does not reset.
 */
public final class HydraServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HydraServer.class);
    /** Jetty's own threads beside the request handlers: one acceptor, one selector, one spare. */
    private static final int JETTY_THREADS = 3;

    private final Server server;
    private final PreAuthGuard guard;
    private final HydraServerConfig config;
    /** Kept: Jetty forgets the port once stopped, and callers still name a stopped server by it. */
    private final int port;

    private final KeysHandler handler;

    private HydraServer(Server server, ServerConnector connector, PreAuthGuard guard, HydraServerConfig config,
            KeysHandler handler) {
        this.server = server;
        this.handler = handler;
        this.port = connector.getLocalPort();
        this.guard = guard;
        this.config = config;
    }

    /** Starts a server; it serves until {@link #close()}. */
    public static HydraServer start(HydraServerConfig config) throws MdmException {
        SSLContext tls = TlsContexts.server(config.host(), config.trust());
        QueuedThreadPool threads = new QueuedThreadPool(config.threads() + JETTY_THREADS, 2);
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(GridJetty.httpConfiguration()));
        connector.setHost(config.bind().getAddress().getHostAddress());
        connector.setPort(config.bind().getPort());
        connector.setIdleTimeout(config.idleTimeout().toMillis());
        // Nagle would hold a share (a small response) ~40 ms for the client's delayed ACK.
        connector.setAcceptedTcpNoDelay(true);
        connector.setAcceptQueueSize(128);
        server.addConnector(connector);
        open(connector, config);
        // Bound first, so that thread names and the guard's log lines name the port (port 0 picks one).
        threads.setName("hydra-server-" + connector.getLocalPort());
        PreAuthGuard guard = new PreAuthGuard("key server :" + connector.getLocalPort(), config.preAuth());
        connector.addFirstConnectionFactory(
                new GuardedSslConnectionFactory(GridJetty.tlsFactory(tls), HttpVersion.HTTP_1_1.asString(), guard));
        KeysHandler handler = new KeysHandler(config.store(), new PrincipalExtractor(config.voms()),
                config.maxBodyBytes(), config.maxBatchBodyBytes());
        server.setHandler(handler);
        server.setStopTimeout(5_000);
        try {
            server.start();
        } catch (Exception e) {
            guard.close();
            stopQuietly(server);
            throw new MdmException(Status.CONFIGURATION_ERROR, "cannot start the key server on " + config.bind()
                    + ": " + e.getMessage(), e);
        }
        HydraServer started = new HydraServer(server, connector, guard, config, handler);
        LOG.info("Hydra key server listening on {} with store {}", started.uri(), config.store());
        return started;
    }

    private static void open(ServerConnector connector, HydraServerConfig config) throws MdmException {
        try {
            connector.open();
        } catch (java.io.IOException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "cannot listen on " + config.bind() + ": "
                    + e.getMessage() + " (is the port in use?)", e);
        }
    }

    /** Requests handled so far, by route (single-key and batch calls). */
    public RequestCounts requestCounts() {
        return handler.counts();
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** The server's base URL with host name {@code localhost} (the name in the test host certificate). */
    public URI uri() {
        return URI.create("https://localhost:" + port());
    }

    /** Stops listening, waits briefly for running requests, and closes the store. */
    @Override
    public void close() throws MdmException {
        stopQuietly(server);
        guard.close();
        config.store().close();
        LOG.info("Hydra key server on port {} stopped", port);
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("stopping the key server: {}", e.getMessage());
        }
    }
}
