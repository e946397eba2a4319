package org.mdm.se;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.admission.LoginSlot;
import org.mdm.security.admission.PreAuthGuard;
import org.mdm.security.admission.PreAuthLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the session doors (GridFTP, the metadata service) share in front of their protocol: one
 * listening socket; the pre-authentication guard; at most {@code maxSessions} logged-in sessions
 * ({@link LoginSlot}); a worker thread per session; and, when full, a refusal in the door's own
 * protocol before the client spends a TLS handshake. Closing it stops accepting and ends every
 * session: a thread blocked reading its socket ignores an interrupt, so the open sockets are closed.
 */
public final class SessionListener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionListener.class);

    /** Makes the session of an admitted connection; the runnable is run on a worker and returns when it ends. */
    @FunctionalInterface
    public interface Sessions {
        Runnable open(Socket socket, LoginSlot slot) throws IOException;
    }

    /**
     * How a door is named and refuses.
     *
     * @param name         for messages and logs ("GridFTP door", "metadata service")
     * @param place        what a full door says it is ("storage element", "metadata service")
     * @param threadPrefix its threads' names
     * @param portKey      the configuration key of its port, named when the port cannot be bound
     * @param refusal      the bytes of a refusal line in the door's protocol, for a reason
     */
    public record Door(String name, String place, String threadPrefix, String portKey, Function<String, byte[]> refusal) {
    }

    private final Door door;
    private final ServerSocket listener;
    private final ExecutorService workers;
    private final int maxSessions;
    private final Semaphore sessions;
    private final PreAuthGuard guard;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private SessionListener(Door door, ServerSocket listener, int maxSessions, PreAuthLimits preAuth) {
        this.door = door;
        this.listener = listener;
        this.maxSessions = maxSessions;
        this.sessions = new Semaphore(maxSessions);
        this.guard = new PreAuthGuard(door.name() + " :" + listener.getLocalPort(), preAuth, LoginSlot.GRACE);
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, door.threadPrefix() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Binds the door's port; nothing is accepted before {@link #accept}.
     *
     * @throws MdmException CONFIGURATION_ERROR when the port cannot be bound
     */
    public static SessionListener bind(Door door, InetAddress address, int port, int maxSessions,
            PreAuthLimits preAuth) throws MdmException {
        ServerSocket listener;
        try {
            listener = new ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new InetSocketAddress(address, port), 128);
        } catch (IOException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "The " + door.name() + " cannot listen on "
                    + address.getHostAddress() + ":" + port + ": " + e.getMessage() + " (is the port in use? set "
                    + door.portKey() + ")", e);
        }
        return new SessionListener(door, listener, maxSessions, preAuth);
    }

    /** Starts accepting connections, each made a session by {@code factory}. */
    public void accept(Sessions factory) {
        Thread t = new Thread(() -> acceptLoop(factory), door.threadPrefix() + "-accept-" + port());
        t.setDaemon(true);
        t.start();
        LOG.info("{} listening on {}:{}", door.name(), listener.getInetAddress().getHostAddress(), port());
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The workers sessions run on; a session may run its own tasks there too. */
    public ExecutorService workers() {
        return workers;
    }

    /** Logged-in sessions now. */
    public int sessions() {
        return maxSessions - sessions.availablePermits();
    }

    /** Connections still logging in. */
    public int loggingIn() {
        return guard.unauthenticated();
    }

    private void acceptLoop(Sessions factory) {
        while (!listener.isClosed()) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.warn("{} accept failed: {}", door.name(), e.getMessage());
                }
                continue;
            }
            PreAuthGuard.Admission admission = guard.admit(s.getRemoteSocketAddress(), () -> closeQuietly(s));
            if (admission == null) {
                refuse(s, "Too many connections that have not logged in");
                continue;
            }
            if (sessions.availablePermits() == 0) { // it would be refused at its login anyway: tell it now
                admission.close();
                refuse(s, "Too many sessions on this " + door.place());
                continue;
            }
            LoginSlot slot = new LoginSlot(admission, sessions);
            try {
                s.setTcpNoDelay(true);
                Runnable session = factory.open(s, slot);
                open.add(s);
                workers.execute(() -> {
                    try (slot) {
                        session.run();
                    } finally {
                        open.remove(s);
                    }
                });
            } catch (IOException | RuntimeException e) {
                open.remove(s);
                slot.close();
                closeQuietly(s);
            }
        }
    }

    /** A refusal line and close; a fresh socket's send buffer is empty, so this write never blocks. */
    private void refuse(Socket s, String why) {
        try (s) {
            s.getOutputStream().write(door.refusal().apply(why));
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
        open.forEach(SessionListener::closeQuietly);
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
