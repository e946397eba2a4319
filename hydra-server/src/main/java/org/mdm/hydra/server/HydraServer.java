package org.mdm.hydra.server;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.PrincipalExtractor;
import org.mdm.security.TlsContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Hydra key server: the JDK's {@link HttpsServer} with the host credential, client
 * certificates required and checked by GridTrust during the handshake (an expired proxy or one
 * from an unknown CA never reaches a handler), and {@code /v1/keys} served by {@link KeysHandler}.
 *
 * <p>Timeouts: the JDK server reads its per-connection limits (idle interval, time to read a
 * request, time to write a response) from JVM-wide {@code sun.net.httpserver.*} properties once;
 * {@link #start} sets them from the configuration unless they are already set, so the first
 * server started in a JVM decides them.
 */
public final class HydraServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HydraServer.class);

    private final HttpsServer server;
    private final ExecutorService executor;
    private final HydraServerConfig config;

    private HydraServer(HttpsServer server, ExecutorService executor, HydraServerConfig config) {
        this.server = server;
        this.executor = executor;
        this.config = config;
    }

    /** Starts a server; it serves until {@link #close()}. */
    public static HydraServer start(HydraServerConfig config) throws MdmException {
        setTimeouts(config);
        SSLContext tls = TlsContexts.server(config.host(), config.trust());
        HttpsServer server;
        try {
            server = HttpsServer.create(config.bind(), 50);
        } catch (IOException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "cannot listen on " + config.bind() + ": "
                    + e.getMessage() + " (is the port in use?)", e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                // TLS 1.2 on purpose: under TLS 1.3 the client finishes its handshake before the
                // server checks the client certificate, and the JDK server then just closes the
                // connection, so a refused proxy would look like a server hanging up. Under 1.2
                // the refusal happens inside the handshake and the client sees a handshake failure.
                p.setProtocols(new String[] {"TLSv1.2"});
                params.setSSLParameters(p);
            }
        });
        KeyService service = new KeyService(config.store());
        server.createContext("/v1/keys/", new KeysHandler(service, new PrincipalExtractor(config.voms()),
                config.maxBodyBytes()));
        ExecutorService executor = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "hydra-server-" + config.bind().getPort());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.start();
        HydraServer started = new HydraServer(server, executor, config);
        LOG.info("Hydra key server listening on {} with store {}", started.uri(), config.store());
        return started;
    }

    private static void setTimeouts(HydraServerConfig config) {
        String seconds = Long.toString(Math.max(1, config.idleTimeout().toSeconds()));
        System.getProperties().putIfAbsent("sun.net.httpserver.idleInterval", seconds);
        System.getProperties().putIfAbsent("sun.net.httpserver.maxReqTime", seconds);
        System.getProperties().putIfAbsent("sun.net.httpserver.maxRspTime", seconds);
        // The JDK server leaves Nagle on: a share (a small response) then waits ~40 ms for the
        // client's delayed ACK; bench/hydra.sh measured 44 ms per key fetch with it, 4 ms without.
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The server's base URL with host name {@code localhost} (the name in the test host certificate). */
    public URI uri() {
        return URI.create("https://localhost:" + port());
    }

    /** Stops listening, waits briefly for running requests, and closes the store. */
    @Override
    public void close() throws MdmException {
        server.stop(0);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        config.store().close();
        LOG.info("Hydra key server on port {} stopped", port());
    }
}
