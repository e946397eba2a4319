package org.mdm.dicom.net;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Aborts an association when an operation's deadline passes or its caller cancels. A blocked
 * socket read cannot be interrupted otherwise; the abort closes the socket, the reader fails,
 * and the link's abort reason tells which status to report.
 */
final class Watchdog implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mdm-dicom-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** Guards one operation on one link; closing it disarms both triggers. */
    final class Guard implements AutoCloseable {
        private final DicomLink link;
        private boolean active = true;
        private ScheduledFuture<?> timeout;

        private Guard(DicomLink link) {
            this.link = link;
        }

        private synchronized void fire(AbortReason reason) {
            // A cancel hook cannot be unregistered: without this flag a late cancel would abort
            // the link after it went back to the pool, under another request.
            if (active) {
                link.abort(reason);
            }
        }

        @Override
        public synchronized void close() {
            active = false;
            if (timeout != null) {
                timeout.cancel(false);
            }
        }
    }

    /** Arms the deadline (System.nanoTime based) and the cancel hook for an operation on {@code link}. */
    Guard arm(DicomLink link, long deadlineNanos, CancelSignal cancel) {
        Guard g = new Guard(link);
        long delay = Math.max(0, deadlineNanos - System.nanoTime());
        synchronized (g) {
            g.timeout = timer.schedule(() -> g.fire(AbortReason.TIMEOUT), delay, TimeUnit.NANOSECONDS);
        }
        cancel.onCancel(() -> g.fire(AbortReason.CANCELLED));
        return g;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
