package org.mdm.se.srm;

import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.se.StorageElement;
import org.mdm.security.admission.PreAuthGuard;
import org.mdm.security.gsi.DelegationKeys;
import org.mdm.security.jetty.GridJetty;
import org.mdm.security.jetty.GuardedSslConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SRM v2.2 door: Jetty's core HTTP server over TLS 1.2 with client proxies checked by
 * GridTrust, then the GSI flag byte of httpg ({@link GsiFlagConnectionFactory}), then HTTP/1.1
 * with keep-alive. A {@link PreAuthGuard} admits connections before their handshake, as on the
 * other doors. Requests and pins live in memory ({@link StageRequests}); a reaper ends expired
 * pins every second. Read-only, like the GridFTP door whose URLs it hands out.
 */
public final class SrmDoor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SrmDoor.class);
    /** Jetty's own threads beside the request handlers: one acceptor, one selector, one spare. */
    private static final int JETTY_THREADS = 3;

    private final Server server;
    private final int port;
    private final PreAuthGuard guard;
    private final StageRequests requests;
    private final ScheduledExecutorService reaper;
    private final DelegationKeys keys;

    private SrmDoor(Server server, int port, PreAuthGuard guard, StageRequests requests,
            ScheduledExecutorService reaper, DelegationKeys keys) {
        this.server = server;
        this.port = port;
        this.guard = guard;
        this.requests = requests;
        this.reaper = reaper;
        this.keys = keys;
    }

    /**
     * Starts the door.
     *
     * @throws MdmException CONFIGURATION_ERROR when the port cannot be bound
     */
    public static SrmDoor start(SrmSettings settings, StorageElement se) throws MdmException {
        QueuedThreadPool threads = new QueuedThreadPool(settings.threads() + JETTY_THREADS, 2);
        threads.setDaemon(true);
        threads.setReservedThreads(0);
        Server server = new Server(threads);
        DelegationKeys keys = new DelegationKeys("srm-delegation-keys");
        ServerConnector connector = new ServerConnector(server, 1, 1,
                new GsiFlagConnectionFactory(HttpVersion.HTTP_1_1.asString(), settings.trust(), keys),
                new HttpConnectionFactory(GridJetty.httpConfiguration()));
        connector.setHost(settings.address().getHostAddress());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        connector.setAcceptedTcpNoDelay(true);
        connector.setAcceptQueueSize(128);
        server.addConnector(connector);
        try {
            connector.open();
        } catch (IOException e) {
            keys.close();
            throw new MdmException(Status.CONFIGURATION_ERROR, "SRM door cannot listen on "
                    + settings.address().getHostAddress() + ":" + settings.port() + ": " + e.getMessage()
                    + " (is the port in use? set se.srm.port)", e);
        }
        int port = connector.getLocalPort();
        threads.setName("srm-" + port);
        PreAuthGuard guard = new PreAuthGuard("SRM door :" + port, settings.preAuth());
        connector.addFirstConnectionFactory(new GuardedSslConnectionFactory(GridJetty.tlsFactory(settings.host()),
                GsiFlagConnectionFactory.PROTOCOL, guard));
        Clock clock = Clock.systemUTC();
        StageRequests requests = new StageRequests(se, settings.limits(), clock);
        server.setHandler(handler(settings, se, requests, clock));
        server.setStopTimeout(5_000);
        ScheduledExecutorService reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "srm-pins-" + port);
            t.setDaemon(true);
            return t;
        });
        try {
            server.start();
        } catch (Exception e) {
            guard.close();
            keys.close();
            reaper.shutdownNow();
            stopQuietly(server);
            throw new MdmException(Status.CONFIGURATION_ERROR, "cannot start the SRM door on port " + port + ": "
                    + e.getMessage(), e);
        }
        reaper.scheduleWithFixedDelay(() -> reapQuietly(requests), 1, 1, TimeUnit.SECONDS);
        LOG.info("SRM door listening on {}:{}{}", settings.address().getHostAddress(), port, SrmHandler.ENDPOINT);
        return new SrmDoor(server, port, guard, requests, reaper, keys);
    }

    private static SrmHandler handler(SrmSettings settings, StorageElement se, StageRequests requests, Clock clock) {
        Surls surls = new Surls(settings.hostNames());
        SrmLimits limits = settings.limits();
        GetOperations gets = new GetOperations(requests, surls, limits, new FileStatuses(settings.gridFtpPort()), clock);
        SrmOperations operations = new SrmOperations(se, surls, limits, new LsOperation(se, surls, limits), gets,
                new PinOperations(requests, limits));
        return new SrmHandler(se, settings.principals(), operations, limits);
    }

    private static void reapQuietly(StageRequests requests) {
        try {
            requests.reap();
        } catch (RuntimeException e) {
            LOG.error("SRM pin reaper: {}", e.getClass().getName(), e);
        }
    }

    public int port() {
        return port;
    }

    /** What an administrator watches (`mdm status`). */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("port", port);
        status.put("connecting", guard.unauthenticated());
        status.put("requests", requests.requests());
        status.put("pinned", requests.pinned());
        return status;
    }

    /** Files pinned by SRM requests now. */
    public long pinned() {
        return requests.pinned();
    }

    @Override
    public void close() {
        reaper.shutdownNow();
        stopQuietly(server);
        requests.close();
        guard.close();
        keys.close();
    }

    private static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            LOG.warn("SRM door did not stop cleanly: {}", e.getMessage());
        }
    }
}
