package org.mdm.security.admission;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Admission of connections before authentication, shared by every listener that accepts
 * connections from anyone (the GridFTP door, the key servers; the SRM door and the metadata
 * service when they come). Issue 15: a client without a credential must not be able to hold
 * the slots that authenticated users need. So:
 *
 * <ul>
 *   <li>connections that have not authenticated have their own bound, and one client address
 *       (an IPv6 client: its /64, which one subscriber usually gets whole) a smaller one;
 *       authenticated connections no longer count against either;</li>
 *   <li>each admitted connection has a deadline from accept to authenticated, whatever it sends
 *       meanwhile (a trickle of one byte at a time resets per-read timeouts, not this); when it
 *       passes, the slot is freed and the listener's close action runs;</li>
 *   <li>refusals and expiries are logged with address and reason, rate-limited
 *       ({@link RefusalLog}).</li>
 * </ul>
 *
 * <p>Use: {@link #admit} at accept (null: close the connection at once, it was logged), then
 * {@link Admission#authenticated()} when the protocol's login completes, and
 * {@link Admission#close()} when the connection ends, whichever way. It is JDK-only, so a door
 * built on any server library can call it from that library's accept and handshake hooks.
 */
public final class PreAuthGuard implements AutoCloseable {
    /** One log line per reason per window, so a flood costs a few lines a minute. */
    static final Duration LOG_WINDOW = Duration.ofSeconds(10);

    private final PreAuthLimits limits;
    private final Duration grace;
    private final RefusalLog log;
    private final ScheduledThreadPoolExecutor timer;
    private final Map<String, Integer> perAddress = new HashMap<>();
    private int unauthenticated;

    /**
     * @param service names the listener in log lines, e.g. {@code "GridFTP door :2811"}
     * @param limits  the bounds and the deadline
     */
    public PreAuthGuard(String service, PreAuthLimits limits) {
        this(service, limits, Duration.ZERO);
    }

    /**
     * A guard that closes late connections {@code grace} after their deadline: for a listener
     * that first tells a quiet client itself, at the deadline ({@link Admission#remaining()}),
     * and needs the guard only for clients that keep it from noticing (a trickle inside a line).
     */
    public PreAuthGuard(String service, PreAuthLimits limits, Duration grace) {
        this(limits, grace, new RefusalLog(service, LOG_WINDOW));
    }

    PreAuthGuard(PreAuthLimits limits, Duration grace, RefusalLog log) {
        this.limits = limits;
        this.grace = grace;
        this.log = log;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "preauth-guard");
            t.setDaemon(true);
            return t;
        });
        // Cancelled deadlines (every authenticated connection's) must not pile up in the queue.
        timer.setRemoveOnCancelPolicy(true);
        long flush = LOG_WINDOW.toMillis();
        timer.scheduleWithFixedDelay(log::flush, flush, flush, TimeUnit.MILLISECONDS);
    }

    public PreAuthLimits limits() {
        return limits;
    }

    /** Connections admitted and still authenticating now. */
    public synchronized int unauthenticated() {
        return unauthenticated;
    }

    /**
     * Admits a new connection from {@code peer}, or refuses it (logged).
     *
     * @param peer     the client's address (a {@link InetSocketAddress}; anything else counts as one
     *                 unknown address)
     * @param onExpiry closes the connection when the deadline passes before authentication; runs
     *                 on the guard's timer thread, so it must not block (closing a socket or a
     *                 non-blocking endpoint is fine)
     * @return the admission to report authentication and closing to, or null when refused
     */
    public Admission admit(SocketAddress peer, Runnable onExpiry) {
        InetAddress address = peer instanceof InetSocketAddress isa ? isa.getAddress() : null;
        String key = addressKey(address);
        String refusal = null;
        synchronized (this) {
            int fromPeer = perAddress.getOrDefault(key, 0);
            if (fromPeer >= limits.maxPerAddress()) {
                refusal = "too many unauthenticated connections from this address (limit " + limits.maxPerAddress() + ")";
            } else if (unauthenticated >= limits.maxUnauthenticated()) {
                refusal = "too many unauthenticated connections (limit " + limits.maxUnauthenticated() + ")";
            } else {
                perAddress.put(key, fromPeer + 1);
                unauthenticated++;
            }
        }
        if (refusal != null) {
            log.note(address, refusal);
            return null;
        }
        Admission a = new Admission(address, key, onExpiry);
        a.schedule();
        return a;
    }

    /** Frees the slot of a connection that is no longer pending. */
    private synchronized void release(String key) {
        unauthenticated--;
        perAddress.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
    }

    /**
     * The counting key of a client: the address itself for IPv4, the /64 for IPv6 (one host
     * there commonly owns the whole /64 and could otherwise use a fresh address per connection).
     */
    static String addressKey(InetAddress address) {
        if (address == null) {
            return "?";
        }
        if (address instanceof Inet6Address) {
            return "v6:" + Arrays.toString(Arrays.copyOf(address.getAddress(), 8));
        }
        return address.getHostAddress();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds()) : Double.toString(d.toMillis() / 1000.0);
    }

    /** Stops the deadline timer; admissions still pending no longer expire. */
    @Override
    public void close() {
        log.flush();
        timer.shutdownNow();
    }

    /** One admitted connection, from accept until it authenticates, expires or closes. */
    public final class Admission implements AutoCloseable {
        private final InetAddress peer;
        private final String key;
        private final Runnable onExpiry;
        private final long deadlineNanos;
        private ScheduledFuture<?> expiry;
        /** PENDING until one of the others; only the transition out of PENDING frees the slot. */
        private State state = State.PENDING;

        private Admission(InetAddress peer, String key, Runnable onExpiry) {
            this.peer = peer;
            this.key = key;
            this.onExpiry = onExpiry;
            this.deadlineNanos = System.nanoTime() + limits.deadline().toNanos();
        }

        private void schedule() {
            try {
                ScheduledFuture<?> f = timer.schedule(this::expire, limits.deadline().plus(grace).toNanos(),
                        TimeUnit.NANOSECONDS);
                synchronized (this) {
                    expiry = f;
                }
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the guard is closed: its listener is stopping and closes its connections itself
            }
        }

        /**
         * The connection completed its login: its slot goes back to the unauthenticated pool and
         * its deadline is cancelled.
         *
         * @return false when the deadline had already passed (the connection is being closed)
         */
        public boolean authenticated() {
            return leave(State.AUTHENTICATED);
        }

        /** Time left before the deadline (zero once passed). */
        public Duration remaining() {
            return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
        }

        /** Whether the deadline passed before authentication. */
        public synchronized boolean expired() {
            return state == State.EXPIRED;
        }

        /** The connection ended; frees its slot if it never authenticated. Idempotent. */
        @Override
        public void close() {
            leave(State.CLOSED);
        }

        /**
         * The listener saw the deadline pass itself (a read timed out at {@link #remaining()}):
         * logged and freed as an expiry, and the close action runs if it has not yet.
         */
        public void expireNow() {
            expire();
        }

        private void expire() {
            if (leave(State.EXPIRED)) {
                log.note(peer, "not authenticated within the " + seconds(limits.deadline()) + " s deadline");
                onExpiry.run();
            }
        }

        private boolean leave(State next) {
            ScheduledFuture<?> f;
            synchronized (this) {
                if (state != State.PENDING) {
                    return false;
                }
                state = next;
                f = expiry;
            }
            if (f != null && next != State.EXPIRED) {
                f.cancel(false);
            }
            release(key);
            return true;
        }
    }

    private enum State { PENDING, AUTHENTICATED, EXPIRED, CLOSED }
}
