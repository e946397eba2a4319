package org.mdm.register;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.JournalHolder;
import org.mdm.catalog.NsPath;
import org.mdm.catalog.RegistrationJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This registrar's rows of the registration journal: begun under its holder id and renewed while
 * it runs, so another process starting meanwhile sees them as alive and leaves them alone; rows
 * of a holder that is gone are the ones a start undoes, and the ones a registration waiting for
 * the same image takes over.
 */
final class JournalLease implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournalLease.class);
    private static final Duration RENEW_EVERY = RegistrationJournal.LEASE.dividedBy(3);
    private static final long POLL_MILLIS = 200;

    private final CatalogDatabase db;
    private final RegistrationJournal journal = new RegistrationJournal();
    private final JournalHolder holder = JournalHolder.forThisProcess();
    private final Duration longestWait;
    private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mdm-journal-lease");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param longestWait how long a registration waits for another one of the same image (more
     *                    than one registration takes: a dry run, key and store round trips)
     */
    JournalLease(CatalogDatabase db, Duration longestWait) {
        this.db = db;
        this.longestWait = longestWait;
        long every = RENEW_EVERY.toMillis();
        renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
        try {
            db.inTransaction(c -> journal.renew(c, holder.id()));
        } catch (MdmException | RuntimeException e) {
            // The next renewal may succeed; until the lease runs out nobody takes the rows over.
            LOG.warn("Cannot renew this process's registration leases: {}", e.getMessage());
        }
    }

    /** Begins {@code sopKey} under this holder; false when another registration of it is in flight. */
    boolean begin(String sopKey, NsPath path, String pfn, String ownerDn) throws MdmException {
        try {
            db.inTransaction(c -> {
                journal.begin(c, sopKey, path, pfn, ownerDn, holder.id());
                return null;
            });
            return true;
        } catch (MdmException e) {
            if (e.status() == Status.ALREADY_EXISTS) {
                return false;
            }
            throw e;
        }
    }

    void advance(String sopKey, RegistrationJournal.State state) throws MdmException {
        db.inTransaction(c -> {
            journal.advance(c, sopKey, state);
            return null;
        });
    }

    /** Ends {@code sopKey}'s row inside the caller's transaction. */
    boolean finish(Connection c, String sopKey) throws SQLException {
        return journal.finish(c, sopKey);
    }

    /** Rows whose holder is gone. */
    List<RegistrationJournal.Step> abandoned() throws MdmException {
        Instant now = Instant.now();
        return db.inTransaction(journal::pending).stream().filter(s -> JournalHolder.abandoned(s, now)).toList();
    }

    /** Takes an abandoned row over; false when another process took it (or it ended) first. */
    boolean claim(RegistrationJournal.Step step) throws MdmException {
        return db.inTransaction(c -> journal.claim(c, step, holder.id()));
    }

    /**
     * Waits until the registration of {@code sopKey} that another holder (or another thread of
     * this one) has in flight ends; if its holder is gone, its row is taken over and returned for
     * the caller to undo. A row of this holder that none of its threads works on (an earlier
     * attempt whose undo failed, e.g. a key server down) is returned at once, for the same.
     *
     * @param ownInFlight whether a thread of this holder is registering a key id now
     * @return the row taken over, if any
     * @throws MdmException ALREADY_EXISTS when it is still in flight after the longest wait
     */
    Optional<RegistrationJournal.Step> awaitEnd(String sopKey, String source,
            java.util.function.Predicate<String> ownInFlight) throws MdmException {
        Instant deadline = Instant.now().plus(longestWait);
        while (Instant.now().isBefore(deadline)) {
            Optional<RegistrationJournal.Step> step = db.inTransaction(c -> journal.find(c, sopKey));
            if (step.isEmpty()) {
                return Optional.empty();
            }
            boolean mine = holder.id().equals(step.get().holder());
            if (mine && !ownInFlight.test(sopKey)) {
                return step;
            }
            if (!mine && JournalHolder.abandoned(step.get(), Instant.now()) && claim(step.get())) {
                return step;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MdmException(Status.CANCELLED, "Registration of " + source + " interrupted while another"
                        + " registration of the same image ran.");
            }
        }
        throw new MdmException(Status.ALREADY_EXISTS, "Cannot register " + source + ": another registration of the"
                + " same image has been in flight for " + longestWait.toSeconds() + " s. Try again later.");
    }

    @Override
    public void close() {
        renewer.shutdownNow();
    }
}
