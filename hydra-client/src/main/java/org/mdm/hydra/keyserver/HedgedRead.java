package org.mdm.hydra.keyserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.KeyShare;
import org.mdm.hydra.keyserver.ServerFailure.Kind;
import org.mdm.hydra.protocol.ShareResponse;

/**
 * Gathers k shares of each of some keys, asking as few servers as it can: k servers first (in
 * preference order), and one more whenever some key still lacks shares because a server failed
 * (for that key or altogether) or because a server asked has not answered within the hedge
 * delay. Each server is asked at most once, for every key still incomplete at that moment. A
 * share is valid when it has the x of its server (server i holds x = i + 1) and the key's
 * length; anything else counts as the server being down. Not reusable: one per read.
 */
final class HedgedRead {
    /** Asks one server for the shares of some keys. */
    @FunctionalInterface
    interface Ask {
        CompletableFuture<Map<String, Answer>> ask(ServerConnection server, List<String> keyIds);
    }

    /** One server's answer for one key: a share or a failure. */
    record Answer(ShareResponse share, ServerFailure failure) {
    }

    /** The shares and failures of one key. */
    private static final class KeyState {
        final List<KeyShare> shares = new ArrayList<>();
        final Map<Integer, ServerFailure> failures = new TreeMap<>();
    }

    private final List<ServerConnection> servers;
    private final int[] order;
    private final int k;
    private final long hedgeNanos;
    private final Executor executor;
    private final Ask ask;
    private final Map<String, KeyState> keys = new LinkedHashMap<>();
    private final long[] askedAt;
    private final boolean[] answered;
    private final List<Set<String>> askedFor = new ArrayList<>();
    private final List<CompletableFuture<Map<String, Answer>>> calls;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private int next;
    private long timerAt;

    /**
     * @param servers the servers in configured order (their index gives the share's x)
     * @param order   the indexes of {@code servers} in the order to ask them
     */
    HedgedRead(List<ServerConnection> servers, int[] order, int k, Duration hedgeDelay, Executor executor, Ask ask) {
        this.servers = servers;
        this.order = order.clone();
        this.k = k;
        this.hedgeNanos = hedgeDelay.toNanos();
        this.executor = executor;
        this.ask = ask;
        this.askedAt = new long[servers.size()];
        this.answered = new boolean[servers.size()];
        this.calls = new ArrayList<>(servers.size());
        for (int i = 0; i < servers.size(); i++) {
            askedFor.add(Set.of());
            calls.add(null);
        }
    }

    /** Asks the first servers for {@code keyIds} (valid, distinct); returns at once. */
    synchronized HedgedRead start(List<String> keyIds) {
        keyIds.forEach(id -> keys.put(id, new KeyState()));
        reconsider();
        return this;
    }

    /**
     * Waits until every key has k shares, nothing more can come, or {@code deadline}
     * (System.nanoTime); then calls still running are cancelled and their servers reported as
     * down for the keys still incomplete.
     */
    void await(long deadline, Duration total) {
        try {
            done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            giveUp("no answer within " + total.toMillis() + " ms");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("hedged read failed", e);
        }
        // Calls still running once every key is complete are left to finish (each is bounded by
        // the request timeout) and their shares are dropped on arrival: cancelling one would skip
        // the reading of its answer, and HttpClient would then never return its connection to
        // the pool, so every later read paid for a new TLS handshake (measured: ~1 in 4 requests).
    }

    private synchronized void giveUp(String reason) {
        for (int i = 0; i < servers.size(); i++) {
            if (askedAt[i] != 0 && !answered[i]) {
                for (String id : askedFor.get(i)) {
                    keys.get(id).failures.putIfAbsent(i, new ServerFailure(servers.get(i).uri(), Kind.DOWN, reason));
                }
                calls.get(i).cancel(true);
            }
        }
        done.complete(null);
    }

    /** Asks more servers if some key needs them, or ends the read when nothing more can come. */
    private synchronized void reconsider() {
        if (done.isDone()) {
            return;
        }
        long now = System.nanoTime();
        while (next < order.length && (next < k || needsMore(now))) {
            engage(order[next++], now);
        }
        if (incomplete().isEmpty() || !anyPending()) {
            done.complete(null);
            return;
        }
        if (next < order.length) {
            scheduleHedge(now);
        }
    }

    private boolean needsMore(long now) {
        for (Map.Entry<String, KeyState> e : keys.entrySet()) {
            int have = e.getValue().shares.size();
            if (have < k && have + fastPending(e.getKey(), now) < k) {
                return true;
            }
        }
        return false;
    }

    /** Servers asked for the key that may still answer in time: asked, silent, within the hedge delay. */
    private int fastPending(String keyId, long now) {
        int n = 0;
        for (int i = 0; i < servers.size(); i++) {
            if (askedAt[i] != 0 && !answered[i] && now - askedAt[i] < hedgeNanos && askedFor.get(i).contains(keyId)) {
                n++;
            }
        }
        return n;
    }

    private boolean anyPending() {
        for (int i = 0; i < servers.size(); i++) {
            if (askedAt[i] != 0 && !answered[i]) {
                return true;
            }
        }
        return false;
    }

    private List<String> incomplete() {
        return keys.entrySet().stream().filter(e -> e.getValue().shares.size() < k).map(Map.Entry::getKey).toList();
    }

    private void engage(int server, long now) {
        List<String> ids = incomplete();
        askedAt[server] = now == 0 ? 1 : now;
        askedFor.set(server, new HashSet<>(ids));
        CompletableFuture<Map<String, Answer>> call = ask.ask(servers.get(server), ids);
        calls.set(server, call);
        call.whenCompleteAsync((answers, error) -> accept(server, answers, error), executor);
    }

    private void scheduleHedge(long now) {
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < servers.size(); i++) {
            if (askedAt[i] != 0 && !answered[i] && now - askedAt[i] < hedgeNanos) {
                earliest = Math.min(earliest, askedAt[i] + hedgeNanos);
            }
        }
        if (earliest == Long.MAX_VALUE || (timerAt != 0 && timerAt - now > 0 && timerAt <= earliest)) {
            return;
        }
        timerAt = earliest;
        CompletableFuture.delayedExecutor(Math.max(0, earliest - now), TimeUnit.NANOSECONDS, executor)
                .execute(this::reconsider);
    }

    private synchronized void accept(int server, Map<String, Answer> answers, Throwable error) {
        answered[server] = true;
        ServerConnection connection = servers.get(server);
        ServerFailure whole = error == null ? null
                : Outcome.failureOf(connection, error instanceof CompletionException ? error.getCause() : error);
        for (String id : askedFor.get(server)) {
            KeyState state = keys.get(id);
            Answer answer = whole != null ? new Answer(null, whole) : answers.get(id);
            if (answer == null) {
                answer = new Answer(null, new ServerFailure(connection.uri(), Kind.DOWN, "garbage answer: no result"
                        + " for key " + id));
            }
            KeyShare share = answer.failure() == null ? validShare(server, answer.share()) : null;
            if (share != null && !done.isDone() && state.shares.size() < k) {
                state.shares.add(share);
            } else if (share != null) {
                share.destroy();
            } else if (!done.isDone()) {
                state.failures.put(server, answer.failure() != null ? answer.failure()
                        : new ServerFailure(connection.uri(), Kind.DOWN, "garbage answer: not share x=" + (server + 1)
                                + " of " + ImageKey.LENGTH + " bytes"));
            }
        }
        reconsider();
    }

    private static KeyShare validShare(int server, ShareResponse answer) {
        if (answer == null || answer.x() != server + 1 || answer.share() == null) {
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

    /** The valid shares of {@code keyId} (k of them on success); the caller destroys them. */
    synchronized List<KeyShare> shares(String keyId) {
        return List.copyOf(keys.get(keyId).shares);
    }

    /** Why the servers that gave no share of {@code keyId} did not. */
    synchronized List<ServerFailure> failures(String keyId) {
        return new ArrayList<>(keys.get(keyId).failures.values());
    }
}
