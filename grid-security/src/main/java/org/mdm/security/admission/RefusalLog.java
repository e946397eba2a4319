package org.mdm.security.admission;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused and timed-out pre-authentication connections, rate-limited: a flood is exactly
 * when they come by the thousand, and a log that grows with the attacker's rate is a second
 * denial of service (disk) and hides everything else. Per reason, the first event of a window is
 * logged with its address; the rest are counted and summed up (count and a few addresses) by the
 * next event after the window, or by {@link #flush()}, which the guard calls periodically.
 */
public final class RefusalLog {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);
    /** Addresses quoted in a summary: enough to see who, not a list the size of the flood. */
    static final int SAMPLE = 5;

    private final String service;
    private final long windowNanos;
    private final LongSupplier clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** What was held back for one reason since its last line. */
    private static final class Window {
        boolean started;
        long start;
        long suppressed;
        final Set<String> sample = new LinkedHashSet<>();
    }

    /**
     * @param service names the listener in every line (e.g. {@code GridFTP door :2811})
     * @param window  at most one line per reason per window, plus one summary
     */
    public RefusalLog(String service, Duration window) {
        this(service, window, System::nanoTime);
    }

    RefusalLog(String service, Duration window, LongSupplier clock) {
        this.service = service;
        this.windowNanos = window.toNanos();
        this.clock = clock;
    }

    /** One refused or timed-out connection from {@code peer}, for {@code reason}. */
    public void note(InetAddress peer, String reason) {
        String address = peer == null ? "unknown address" : peer.getHostAddress();
        Window w = windows.computeIfAbsent(reason, r -> new Window());
        String summary = null;
        boolean logThis;
        synchronized (w) {
            long now = clock.getAsLong();
            logThis = !w.started || now - w.start >= windowNanos;
            if (logThis) {
                summary = takeSummary(w);
                w.start = now;
                w.started = true;
            } else {
                w.suppressed++;
                if (w.sample.size() < SAMPLE) {
                    w.sample.add(address);
                }
            }
        }
        if (summary != null) {
            LOG.warn("{}: {} ({})", service, summary, reason);
        }
        if (logThis) {
            LOG.warn("{}: connection from {} closed before authentication: {}", service, address, reason);
        }
    }

    /** Logs the summaries of windows that are over; cheap when there is nothing to say. */
    public void flush() {
        long now = clock.getAsLong();
        windows.forEach((reason, w) -> {
            String summary;
            synchronized (w) {
                if (w.suppressed == 0 || now - w.start < windowNanos) {
                    return;
                }
                summary = takeSummary(w);
                w.start = now;
            }
            LOG.warn("{}: {} ({})", service, summary, reason);
        });
    }

    /** The summary line of what {@code w} held back, and a fresh window; null when nothing was. */
    private String takeSummary(Window w) {
        if (w.suppressed == 0) {
            return null;
        }
        String text = w.suppressed + " more connection(s) closed before authentication in the last "
                + Math.max(1, Duration.ofNanos(windowNanos).toSeconds()) + " s, from " + String.join(", ", w.sample)
                + (w.sample.size() == SAMPLE ? ", ..." : "");
        w.suppressed = 0;
        w.sample.clear();
        return text;
    }
}
