package org.mdm.hydra.keyserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.KeyShare;
import org.mdm.hydra.keyserver.ServerFailure.Kind;
import org.mdm.hydra.protocol.ShareResponse;

/**
 * Gathers shares of one key from all servers in parallel and stops as soon as k valid ones are
 * in. A share is valid when it has the x of its server (server i holds x = i + 1) and the key's
 * length; anything else counts as the server being down. Not reusable: one per fetch.
 */
final class ShareCollector {
    private final List<ServerConnection> servers;
    private final int k;
    private final List<KeyShare> shares = new ArrayList<>();
    private final Map<Integer, ServerFailure> failures = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private int finished;

    ShareCollector(List<ServerConnection> servers, int k) {
        this.servers = servers;
        this.k = k;
    }

    /**
     * Starts the calls and waits for k shares, for every server to finish, or for {@code total}.
     * After {@code total}, calls still running are cancelled and their servers reported as down.
     */
    void collect(String keyId, Duration total) {
        List<CompletableFuture<ShareResponse>> calls = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            int index = i;
            CompletableFuture<ShareResponse> call = servers.get(i).get(keyId);
            calls.add(call);
            call.whenComplete((answer, error) -> accept(index, answer, error));
        }
        try {
            done.get(total.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            for (int i = 0; i < servers.size(); i++) {
                failures.putIfAbsent(i, new ServerFailure(servers.get(i).uri(), Kind.DOWN,
                        "no answer within " + total.toMillis() + " ms"));
            }
            calls.forEach(c -> c.cancel(true));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            calls.forEach(c -> c.cancel(true));
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("collector failed", e);
        }
        // Calls still running once k shares are in are left to finish (each is bounded by the
        // request timeout) and their shares are wiped on arrival: cancelling one would skip the
        // reading of its answer, and HttpClient would then never return its connection to the
        // pool, so every later fetch paid for a new TLS handshake (measured: ~1 in 4 requests).
    }

    private void accept(int index, ShareResponse answer, Throwable error) {
        ServerConnection server = servers.get(index);
        ServerFailure failure = null;
        KeyShare share = null;
        if (error != null) {
            failure = Outcome.failureOf(server, error instanceof java.util.concurrent.CompletionException
                    ? error.getCause() : error);
        } else {
            share = validShare(index, answer);
            if (share == null) {
                failure = new ServerFailure(server.uri(), Kind.DOWN,
                        "garbage answer: not share x=" + (index + 1) + " of " + ImageKey.LENGTH + " bytes");
            }
        }
        synchronized (this) {
            finished++;
            if (done.isDone()) {
                if (share != null) {
                    share.destroy();
                }
                return;
            }
            if (share != null) {
                shares.add(share);
            } else {
                failures.put(index, failure);
            }
            if (shares.size() >= k || finished == servers.size()) {
                done.complete(null);
            }
        }
    }

    private static KeyShare validShare(int index, ShareResponse answer) {
        if (answer.x() != index + 1 || answer.share() == null) {
            return null;
        }
        byte[] value;
        try {
            value = Base64.getDecoder().decode(answer.share());
        } catch (IllegalArgumentException e) {
            return null;
        }
        try {
            return value.length == ImageKey.LENGTH ? new KeyShare(answer.x(), value) : null;
        } finally {
            java.util.Arrays.fill(value, (byte) 0);
        }
    }

    /** The valid shares gathered (k of them on success); the caller destroys them. */
    synchronized List<KeyShare> shares() {
        return List.copyOf(shares);
    }

    /** Why the other servers gave no share. */
    synchronized List<ServerFailure> failures() {
        return new ArrayList<>(new java.util.TreeMap<>(failures).values());
    }
}
