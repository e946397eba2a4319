package org.mdm.se.md;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.security.admission.LoginSlot;
import org.mdm.security.admission.PreAuthGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata service ({@code md.port}): the catalogue's metadata over AMGA's streamed ASCII
 * protocol, so AMGA's clients and {@code mdm query} read it; every row filtered by the caller's
 * rights. One thread per session; before its TLS login a connection is admitted by a
 * {@link PreAuthGuard} (its own bounds and deadline), after it holds one of the session slots.
 */
public final class MetadataDoor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetadataDoor.class);

    private final ServerSocket listener;
    private final MdSettings settings;
    private final MdCommands commands;
    private final ExecutorService workers;
    private final Semaphore sessions;
    private final PreAuthGuard guard;
    private final Thread acceptor;
    /** Open connections: a thread blocked reading its socket ignores an interrupt, so close() closes them. */
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "md-watchdog");
        t.setDaemon(true);
        return t;
    });

    private MetadataDoor(ServerSocket listener, MdSettings settings, CatalogDatabase db, ExecutorService workers) {
        this.listener = listener;
        this.settings = settings;
        this.commands = new MdCommands(db);
        this.workers = workers;
        this.sessions = new Semaphore(settings.maxSessions());
        this.guard = new PreAuthGuard("metadata service :" + listener.getLocalPort(), settings.preAuth(),
                LoginSlot.GRACE);
        this.acceptor = new Thread(this::acceptLoop, "md-accept-" + listener.getLocalPort());
        this.acceptor.setDaemon(true);
    }

    /**
     * Starts the service over the catalogue {@code db}.
     *
     * @throws MdmException CONFIGURATION_ERROR when the port cannot be bound
     */
    public static MetadataDoor start(MdSettings settings, CatalogDatabase db) throws MdmException {
        ServerSocket listener;
        try {
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(settings.address(), settings.port()), 128);
        } catch (IOException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "The metadata service cannot listen on "
                    + settings.address().getHostAddress() + ":" + settings.port() + ": " + e.getMessage()
                    + " (is the port in use? set md.port)", e);
        }
        AtomicInteger n = new AtomicInteger();
        ExecutorService workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "md-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        MetadataDoor door = new MetadataDoor(listener, settings, db, workers);
        door.acceptor.start();
        LOG.info("metadata service listening on {}:{}", settings.address().getHostAddress(), door.port());
        return door;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** What an administrator watches ({@code mdm status}). */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("port", port());
        status.put("sessions", settings.maxSessions() - sessions.availablePermits());
        status.put("logging.in", guard.unauthenticated());
        return status;
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.warn("metadata service accept failed: {}", e.getMessage());
                }
                continue;
            }
            PreAuthGuard.Admission admission = guard.admit(s.getRemoteSocketAddress(), () -> closeQuietly(s));
            if (admission == null) {
                refuse(s, "Too many connections that have not logged in");
                continue;
            }
            if (sessions.availablePermits() == 0) {
                admission.close();
                refuse(s, "Too many sessions on this metadata service");
                continue;
            }
            LoginSlot slot = new LoginSlot(admission, sessions);
            try {
                s.setTcpNoDelay(true);
                MdSession session = new MdSession(s, settings, slot, commands, watchdog);
                open.add(s);
                workers.execute(() -> {
                    try (slot) {
                        session.run();
                    } finally {
                        open.remove(s);
                    }
                });
            } catch (IOException | RuntimeException e) {
                slot.close();
                closeQuietly(s);
            }
        }
    }

    /** An AMGA error line and close, before the greeting: the client reads it as the refusal it is. */
    private static void refuse(Socket s, String why) {
        try (s) {
            s.getOutputStream().write(("99 " + why + ": try again later.\n").getBytes(StandardCharsets.US_ASCII));
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
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
        guard.close();
        watchdog.shutdownNow();
        open.forEach(MetadataDoor::closeQuietly);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
