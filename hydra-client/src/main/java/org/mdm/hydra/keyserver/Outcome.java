package org.mdm.hydra.keyserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mdm.hydra.keyserver.ServerFailure.Kind;

/**
 * The result of one call to one server: a value or a failure.
 *
 * @param server  the server's connection
 * @param value   the value (null for calls without one, or on failure)
 * @param failure the failure, or null on success
 */
record Outcome<T>(ServerConnection server, T value, ServerFailure failure) {

    boolean ok() {
        return failure == null;
    }

    /**
     * Waits until every call is done or {@code total} has passed; calls still running then are
     * cancelled and reported as down.
     */
    static <T> List<Outcome<T>> awaitAll(List<ServerConnection> servers, List<CompletableFuture<T>> calls,
            Duration total) {
        long deadline = System.nanoTime() + total.toNanos();
        List<Outcome<T>> outcomes = new ArrayList<>(calls.size());
        for (int i = 0; i < calls.size(); i++) {
            outcomes.add(await(servers.get(i), calls.get(i), deadline, total));
        }
        return outcomes;
    }

    /** Waits for one call until {@code deadline} (System.nanoTime). */
    static <T> Outcome<T> await(ServerConnection server, CompletableFuture<T> call, long deadline, Duration total) {
        try {
            long left = Math.max(0, deadline - System.nanoTime());
            return new Outcome<>(server, call.get(left, TimeUnit.NANOSECONDS), null);
        } catch (ExecutionException e) {
            return new Outcome<>(server, null, failureOf(server, e.getCause()));
        } catch (TimeoutException e) {
            call.cancel(true);
            return new Outcome<>(server, null, new ServerFailure(server.uri(), Kind.DOWN,
                    "no answer within " + total.toMillis() + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.cancel(true);
            return new Outcome<>(server, null, new ServerFailure(server.uri(), Kind.DOWN, "interrupted"));
        }
    }

    static ServerFailure failureOf(ServerConnection server, Throwable t) {
        if (t instanceof ServerCallException s) {
            return s.failure();
        }
        if (t != null && t.getCause() instanceof ServerCallException s) {
            return s.failure();
        }
        return new ServerFailure(server.uri(), Kind.DOWN, String.valueOf(t));
    }
}
