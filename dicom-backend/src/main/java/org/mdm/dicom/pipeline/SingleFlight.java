package org.mdm.dicom.pipeline;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * At most one production per key at a time: the first caller does the work on its own thread,
 * later callers for the same key get the same outcome. This is what keeps 50 simultaneous
 * requests for one cold image down to one retrieval from the DICOM server.
 *
 * <p>Every caller counts as a waiter until it gives up (its {@code onGiveUp} hook fires); when
 * the last waiter gives up before the work ends, the work's "abandoned" future completes so it can abort (e.g.
 * the DICOM association) instead of finishing work nobody wants.
 *
 * <p>A caller arriving just after a flight ended starts a new one, so the work itself must
 * first check whether its result already exists.
 *
 * @param <K> the key type
 * @param <V> the outcome type
 */
public final class SingleFlight<K, V> {
    private final ConcurrentMap<K, Flight<V>> flights = new ConcurrentHashMap<>();

    private static final class Flight<V> {
        final CompletableFuture<V> outcome = new CompletableFuture<>();
        final CompletableFuture<Void> abandoned = new CompletableFuture<>();
        final AtomicInteger waiters = new AtomicInteger(1);
    }

    /**
     * Joins the running flight for {@code key}, or starts one and runs {@code work} on this
     * thread. {@code work} receives the flight's "abandoned" future.
     *
     * @param onGiveUp receives the action to run if this caller gives up (a request registers
     *                 it as a cancel hook)
     * @return the shared outcome (already complete when this caller did the work)
     */
    public CompletableFuture<V> join(K key, Consumer<Runnable> onGiveUp, Function<CompletableFuture<Void>, V> work) {
        Flight<V> mine = new Flight<>();
        while (true) {
            Flight<V> running = flights.putIfAbsent(key, mine);
            if (running == null) {
                break;
            }
            if (running.waiters.getAndUpdate(n -> n == 0 ? 0 : n + 1) > 0) {
                onGiveUp.accept(() -> leave(running));
                return running.outcome;
            }
            // Everyone left that flight; it is aborting. Start afresh once it is gone.
            flights.remove(key, running);
        }
        onGiveUp.accept(() -> leave(mine));
        try {
            mine.outcome.complete(work.apply(mine.abandoned));
        } catch (RuntimeException | Error e) {
            mine.outcome.completeExceptionally(e);
        } finally {
            flights.remove(key, mine);
        }
        return mine.outcome;
    }

    private static void leave(Flight<?> flight) {
        if (!flight.outcome.isDone() && flight.waiters.decrementAndGet() == 0) {
            flight.abandoned.complete(null);
        }
    }

    /** How many flights are running now. */
    public int running() {
        return flights.size();
    }
}
