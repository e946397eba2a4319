package org.mdm.hydra.keyserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.KeyShare;
import org.mdm.hydra.Shamir;
import org.mdm.hydra.keyserver.HedgedRead.Answer;
import org.mdm.hydra.keyserver.ServerFailure.Kind;
import org.mdm.hydra.protocol.BatchIdsRequest;
import org.mdm.hydra.protocol.BatchResult;
import org.mdm.hydra.protocol.KeyIds;
import org.mdm.hydra.protocol.ShareResponse;

/**
 * Rebuilding keys from k of n servers, one key ({@code GET /v1/keys/{id}}) or many ({@code POST
 * /v1/batch/get}), both as {@link HedgedRead}s: servers are asked in configured order, except
 * that a server found down in the last {@link #DOWN_MEMORY} goes last.
 */
final class KeyReads {
    /** How long a server that failed as down is asked last. */
    static final Duration DOWN_MEMORY = Duration.ofSeconds(30);
    /** Batch reads of one {@link #fetchAll} in flight at once. */
    private static final int PARALLEL_BATCHES = 4;

    private final KeyServersConfig config;
    private final List<ServerConnection> servers;
    private final Executor executor;

    KeyReads(KeyServersConfig config, List<ServerConnection> servers, Executor executor) {
        this.config = config;
        this.servers = servers;
        this.executor = executor;
    }

    ImageKey fetch(String keyId) throws MdmException {
        KeyIds.check(keyId);
        HedgedRead read = read(KeyReads::single).start(List.of(keyId));
        read.await(System.nanoTime() + config.totalTimeout().toNanos(), config.totalTimeout());
        return rebuild(keyId, read);
    }

    Map<String, KeyOutcome<ImageKey>> fetchAll(Collection<String> keyIds) {
        Map<String, KeyOutcome<ImageKey>> results = new LinkedHashMap<>();
        List<String> valid = new ArrayList<>();
        for (String id : new LinkedHashSet<>(keyIds)) {
            results.put(id, null); // keeps the caller's order
            try {
                valid.add(KeyIds.check(id));
            } catch (MdmException e) {
                results.put(id, KeyOutcome.failed(id, e));
            }
        }
        List<List<String>> chunks = chunks(valid, config.batchSize());
        for (int wave = 0; wave < chunks.size(); wave += PARALLEL_BATCHES) {
            List<List<String>> inWave = chunks.subList(wave, Math.min(chunks.size(), wave + PARALLEL_BATCHES));
            long deadline = System.nanoTime() + config.totalTimeout().toNanos();
            List<HedgedRead> reads = inWave.stream().map(c -> read(this::batch).start(c)).toList();
            for (int i = 0; i < reads.size(); i++) {
                reads.get(i).await(deadline, config.totalTimeout());
                for (String id : inWave.get(i)) {
                    results.put(id, outcome(id, reads.get(i)));
                }
            }
        }
        return results;
    }

    static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += size) {
            chunks.add(all.subList(from, Math.min(all.size(), from + size)));
        }
        return chunks;
    }

    private HedgedRead read(HedgedRead.Ask ask) {
        return new HedgedRead(servers, order(), config.k(), config.hedgeDelay(), executor, ask);
    }

    /** Configured order, servers down within {@link #DOWN_MEMORY} last. */
    private int[] order() {
        int[] order = new int[servers.size()];
        int n = 0;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < servers.size(); i++) {
                if (servers.get(i).downWithin(DOWN_MEMORY) == (pass == 1)) {
                    order[n++] = i;
                }
            }
        }
        return order;
    }

    private static CompletableFuture<Map<String, Answer>> single(ServerConnection server, List<String> ids) {
        String id = ids.get(0);
        return server.get(id).thenApply(share -> Map.of(id, new Answer(share, null)));
    }

    private CompletableFuture<Map<String, Answer>> batch(ServerConnection server, List<String> ids) {
        return server.batch("get", new BatchIdsRequest(ids)).thenApply(answer -> {
            Map<String, Answer> answers = new LinkedHashMap<>();
            BatchAnswers.byId(server, answer, ids).forEach((id, r) -> answers.put(id, answerOf(server, r)));
            return answers;
        });
    }

    private static Answer answerOf(ServerConnection server, BatchResult r) {
        if (r.status() == 200) {
            return new Answer(new ShareResponse(r.x() == null ? 0 : r.x(), r.share()), null);
        }
        return new Answer(null, BatchAnswers.failure(server, r));
    }

    private KeyOutcome<ImageKey> outcome(String keyId, HedgedRead read) {
        try {
            return KeyOutcome.ok(keyId, rebuild(keyId, read));
        } catch (MdmException e) {
            return KeyOutcome.failed(keyId, e);
        }
    }

    private ImageKey rebuild(String keyId, HedgedRead read) throws MdmException {
        List<KeyShare> shares = read.shares(keyId);
        try {
            if (shares.size() < config.k()) {
                List<ServerFailure> failures = read.failures(keyId);
                throw new MdmException(status(failures), "cannot fetch key " + keyId + ": " + shares.size() + " of "
                        + servers.size() + " servers gave a share, " + config.k() + " needed; failed: "
                        + ServerFailure.describe(failures));
            }
            byte[] secret = Shamir.combine(shares.subList(0, config.k()));
            try {
                return ImageKey.of(keyId, secret);
            } finally {
                Arrays.fill(secret, (byte) 0);
            }
        } finally {
            shares.forEach(KeyShare::destroy);
        }
    }

    private Status status(List<ServerFailure> failures) {
        long denied = failures.stream().filter(f -> f.kind() == Kind.DENIED).count();
        long missing = failures.stream().filter(f -> f.kind() == Kind.NOT_FOUND).count();
        if (servers.size() - denied < config.k()) {
            return Status.AUTHORIZATION_FAILURE;
        }
        return servers.size() - denied - missing < config.k() && missing > 0 ? Status.NOT_FOUND
                : Status.PEER_UNAVAILABLE;
    }
}
