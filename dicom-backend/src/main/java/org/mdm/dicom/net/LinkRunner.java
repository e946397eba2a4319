package org.mdm.dicom.net;

import java.io.IOException;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one operation on an association borrowed from a pool (the shared one per server, or one
 * dedicated to a SOP class), under a deadline and a cancel signal, and returns the association
 * to its pool or discards it. An I/O failure before anything was delivered is retried once on a
 * fresh association: a pooled one may have been closed by the server meanwhile.
 */
final class LinkRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LinkRunner.class);

    private final RetrieverConfig config;
    private final Failures failures;
    private final Watchdog watchdog;

    LinkRunner(RetrieverConfig config, Failures failures, Watchdog watchdog) {
        this.config = config;
        this.failures = failures;
        this.watchdog = watchdog;
    }

    /** An operation on a borrowed association. */
    @FunctionalInterface
    interface LinkOperation<T> {
        T run(DicomLink link) throws IOException, CorruptObjectException, UnsupportedServiceException;
    }

    /**
     * Runs {@code op} on an association from {@code pool} under {@code key}.
     *
     * @param deadline  {@link System#nanoTime} by which it must be done (shared by the attempts)
     * @param timeout   the caller's whole timeout, for messages
     * @param retriable whether a failed attempt may be repeated (nothing delivered yet)
     */
    @SuppressWarnings("try") // the watchdog guard is held for its scope only: closing it disarms the watchdog
    <K, T> T run(AssociationPool<K> pool, K key, DicomNode node, String what, long deadline, Duration timeout,
            CancelSignal cancel, BooleanSupplier retriable, LinkOperation<T> op) throws MdmException {
        Objects.requireNonNull(node, "node");
        for (int attempt = 0;; attempt++) {
            if (cancel.isCancelled()) {
                throw failures.cancelled(node, what);
            }
            DicomLink link = borrow(pool, key, node, what, deadline, timeout);
            boolean healthy = false;
            try (Watchdog.Guard guard = watchdog.arm(link, deadline, cancel)) {
                T result = op.run(link);
                healthy = true;
                return result;
            } catch (IOException e) {
                AbortReason reason = link.abortReason();
                if (reason == null && attempt == 0 && retriable.getAsBoolean()
                        && !(e instanceof java.net.SocketTimeoutException)) {
                    // No UID in the log (issue 9): "what" names the object by its hospital UID.
                    LOG.debug("association to {} failed ({}); retrying once on a fresh one", node,
                            e.getClass().getSimpleName());
                    continue;
                }
                throw failures.during(node, what, reason, timeout, e);
            } catch (CorruptObjectException e) {
                throw failures.corrupt(node, what, e);
            } catch (UnsupportedServiceException e) {
                healthy = true;
                throw failures.unsupported(node, what, e);
            } finally {
                if (healthy && link.isUsable()) {
                    pool.giveBack(key, link);
                } else {
                    link.abort(AbortReason.SHUTDOWN);
                    pool.invalidate(key, link);
                }
            }
        }
    }

    private <K> DicomLink borrow(AssociationPool<K> pool, K key, DicomNode node, String what, long deadline,
            Duration timeout) throws MdmException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw failures.timeout(node, what, timeout, null);
        }
        try {
            return pool.borrow(key, Duration.ofNanos(remaining));
        } catch (NoSuchElementException e) {
            if (e.getCause() != null) {
                throw failures.opening(node, what, e.getCause());
            }
            throw new MdmException(Status.TIMEOUT, "Cannot retrieve " + what + " within " + Failures.seconds(timeout)
                    + ": all " + config.maxAssociationsPerNode() + " associations to " + node + " stayed busy.", e);
        } catch (Exception e) {
            throw failures.opening(node, what, e);
        }
    }
}
