package org.mdm.se.gridftp;

import org.mdm.security.admission.LoginSlot;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.se.StorageElement;
import org.mdm.security.admission.PreAuthGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GridFTP door (RFC 959, RFC 2228 with GSI, GFD.20): accepts control connections and runs one
 * {@link Session} per client. Before login a connection is admitted by a {@link PreAuthGuard}
 * (its own bound, a bound per client address, a login deadline: see {@link DoorSettings#preAuth()});
 * logged-in sessions are bounded by {@link DoorSettings#maxSessions()} (see {@link LoginSlot}).
 * Over either bound the client gets 421 rather than a queue. Read-only.
 */
public final class GridFtpDoor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GridFtpDoor.class);

    static {
        prepareJsse();
    }

    /**
     * Globus clients send the user's CN (with spaces) as SNI on data channels and JSSE aborts
     * those handshakes (PROTOCOLS.md): this turns server-side SNI off JVM-wide unless the JVM
     * was started with its own {@code jdk.tls.server.disableExtensions}. JSSE reads it once, so a
     * program embedding the door calls this before its first TLS use (mdm's Main does).
     */
    public static void prepareJsse() {
        if (System.getProperty("jdk.tls.server.disableExtensions") == null) {
            System.setProperty("jdk.tls.server.disableExtensions", "server_name");
        }
    }

    private final ServerSocket listener;
    private final DoorSettings settings;
    private final StorageElement se;
    private final ExecutorService workers;
    private final Semaphore sessions;
    private final PreAuthGuard guard;
    private final Thread acceptor;
    private final DelegationKeys keys = new DelegationKeys();
    private final DoorActivity activity = new DoorActivity();

    private GridFtpDoor(ServerSocket listener, DoorSettings settings, StorageElement se, ExecutorService workers) {
        this.listener = listener;
        this.settings = settings.withWorkers(workers);
        this.se = se;
        this.workers = workers;
        this.sessions = new Semaphore(settings.maxSessions());
        this.guard = new PreAuthGuard("GridFTP door :" + listener.getLocalPort(), settings.preAuth(), LoginSlot.GRACE);
        this.acceptor = new Thread(this::acceptLoop, "gridftp-accept-" + listener.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    /**
     * Starts the door.
     *
     * @throws MdmException CONFIGURATION_ERROR when the port cannot be bound
     */
    public static GridFtpDoor start(DoorSettings settings, StorageElement se) throws MdmException {
        ServerSocket listener;
        try {
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(settings.address(), settings.port()), 128);
        } catch (IOException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "GridFTP door cannot listen on " + settings.address()
                    + ":" + settings.port() + ": " + e.getMessage() + " (is the port in use? set se.gridftp.port)", e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "gridftp-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        GridFtpDoor door = new GridFtpDoor(listener, settings, se, workers);
        door.acceptor.start();
        LOG.info("GridFTP door listening on {}:{}", settings.address().getHostAddress(), door.port());
        return door;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** What an administrator watches (`mdm status`): sessions, logins in progress, transfers. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("port", port());
        status.put("sessions", settings.maxSessions() - sessions.availablePermits());
        status.put("logging.in", guard.unauthenticated());
        status.put("transfers.in.flight", activity.inFlight());
        status.put("transfers.completed", activity.completed());
        status.put("transfers.failed", activity.failed());
        return status;
    }

    /** Connections served now: logged-in sessions and those still logging in. */
    public int activeSessions() {
        return settings.maxSessions() - sessions.availablePermits() + guard.unauthenticated();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.warn("GridFTP accept failed: {}", e.getMessage());
                }
                continue;
            }
            PreAuthGuard.Admission admission = guard.admit(s.getRemoteSocketAddress(), () -> closeQuietly(s));
            if (admission == null) {
                refuse(s, "Too many connections that have not logged in");
                continue;
            }
            if (sessions.availablePermits() == 0) {
                // Would get 421 at its 230 anyway: tell it now, before it spends a GSI handshake.
                admission.close();
                refuse(s, "Too many sessions on this storage element");
                continue;
            }
            LoginSlot slot = new LoginSlot(admission, sessions);
            try {
                s.setTcpNoDelay(true);
                Session session = new Session(new ControlChannel(s), settings, se, keys, slot, activity);
                workers.execute(() -> {
                    try (slot) {
                        session.run();
                    }
                });
            } catch (IOException | RuntimeException e) {
                slot.close();
                closeQuietly(s);
            }
        }
    }

    /** A 421 and close; a fresh socket's send buffer is empty, so this write never blocks. */
    private static void refuse(Socket s, String why) {
        try (s) {
            s.getOutputStream().write(("421 " + why + ": try again later.\r\n").getBytes(StandardCharsets.US_ASCII));
        } catch (IOException ignored) {
            // the client left already
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** Stops accepting and ends every session. */
    @Override
    public void close() {
        closeListener();
        guard.close();
        keys.close();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeListener() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
