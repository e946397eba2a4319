package org.mdm.hydra.keyserver;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.KeyShare;
import org.mdm.hydra.Shamir;
import org.mdm.hydra.keyserver.ServerFailure.Kind;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.BatchIdsRequest;
import org.mdm.hydra.protocol.BatchPutEntry;
import org.mdm.hydra.protocol.BatchPutRequest;
import org.mdm.hydra.protocol.BatchResponse;
import org.mdm.hydra.protocol.BatchResult;
import org.mdm.hydra.protocol.KeyIds;

/**
 * Registering and deleting many keys with one batch request per server per chunk of {@code
 * batchSize} keys. A key is registered when all n servers stored its share; otherwise the shares
 * that were written are deleted again (batch delete) and the key fails on its own, with the
 * status and message its single-key {@code register} would have had.
 */
final class BatchWrites {
    private final KeyServersConfig config;
    private final List<ServerConnection> servers;

    BatchWrites(KeyServersConfig config, List<ServerConnection> servers) {
        this.config = config;
        this.servers = servers;
    }

    Map<String, KeyOutcome<Void>> registerAll(List<ImageKey> keys, List<AclEntry> acl) throws MdmException {
        for (AclEntry e : acl) {
            e.validate();
        }
        Map<String, KeyOutcome<Void>> results = new LinkedHashMap<>();
        List<ImageKey> valid = new ArrayList<>();
        for (ImageKey key : keys) {
            if (results.containsKey(key.keyId())) {
                throw new MdmException(Status.INVALID_REQUEST, "key " + key.keyId() + " is listed twice in one"
                        + " registration; nothing was registered");
            }
            results.put(key.keyId(), null);
            try {
                KeyIds.check(key.keyId());
                valid.add(key);
            } catch (MdmException e) {
                results.put(key.keyId(), KeyOutcome.failed(key.keyId(), e));
            }
        }
        for (List<ImageKey> chunk : KeyReads.chunks(valid, config.batchSize())) {
            registerChunk(chunk, acl, results);
        }
        return results;
    }

    private void registerChunk(List<ImageKey> chunk, List<AclEntry> acl, Map<String, KeyOutcome<Void>> results)
            throws MdmException {
        List<List<BatchPutEntry>> perServer = split(chunk, acl);
        List<CompletableFuture<BatchResponse>> calls = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            calls.add(servers.get(i).batch("put", new BatchPutRequest(perServer.get(i))));
        }
        List<String> ids = chunk.stream().map(ImageKey::keyId).toList();
        Map<String, List<ServerFailure>> failed = new LinkedHashMap<>();
        Map<Integer, List<String>> written = new TreeMap<>();
        List<Outcome<BatchResponse>> outcomes = Outcome.awaitAll(servers, calls, config.totalTimeout());
        for (int i = 0; i < servers.size(); i++) {
            Map<String, ServerFailure> byKey = perKey(outcomes.get(i), ids, 201);
            for (String id : ids) {
                if (byKey.containsKey(id)) {
                    failed.computeIfAbsent(id, x -> new ArrayList<>()).add(byKey.get(id));
                } else {
                    written.computeIfAbsent(i, x -> new ArrayList<>()).add(id);
                }
            }
        }
        for (String id : ids) {
            if (!failed.containsKey(id)) {
                results.put(id, KeyOutcome.ok(id, null));
            }
        }
        if (!failed.isEmpty()) {
            rollback(failed, written, results);
        }
    }

    /** Share i of every key of the chunk, for server i; the keys' material is wiped as it goes. */
    private List<List<BatchPutEntry>> split(List<ImageKey> chunk, List<AclEntry> acl) throws MdmException {
        List<List<BatchPutEntry>> perServer = new ArrayList<>();
        servers.forEach(s -> perServer.add(new ArrayList<>()));
        for (ImageKey key : chunk) {
            byte[] material = key.material();
            try {
                List<KeyShare> shares = Shamir.split(material, config.k(), servers.size());
                for (int i = 0; i < servers.size(); i++) {
                    byte[] value = shares.get(i).value();
                    perServer.get(i).add(new BatchPutEntry(key.keyId(), shares.get(i).x(),
                            Base64.getEncoder().encodeToString(value), acl));
                    Arrays.fill(value, (byte) 0);
                    shares.get(i).destroy();
                }
            } finally {
                Arrays.fill(material, (byte) 0);
            }
        }
        return perServer;
    }

    /** Deletes the shares of the failed keys where they were written; each key's failure says how that went. */
    private void rollback(Map<String, List<ServerFailure>> failed, Map<Integer, List<String>> written,
            Map<String, KeyOutcome<Void>> results) {
        Map<Integer, List<String>> undo = new TreeMap<>();
        written.forEach((server, ids) -> {
            List<String> mine = ids.stream().filter(failed::containsKey).toList();
            if (!mine.isEmpty()) {
                undo.put(server, mine);
            }
        });
        Map<String, List<ServerFailure>> left = deleteOn(undo);
        for (Map.Entry<String, List<ServerFailure>> e : failed.entrySet()) {
            String id = e.getKey();
            List<String> from = new ArrayList<>();
            undo.forEach((server, ids) -> {
                if (ids.contains(id)) {
                    from.add(servers.get(server).uri().toString());
                }
            });
            String rollback = from.isEmpty() ? "no share was written"
                    : left.containsKey(id) ? "rollback incomplete, delete key " + id + " by hand on "
                            + ServerFailure.describe(left.get(id))
                    : "rolled back: shares deleted from " + String.join(", ", from);
            results.put(id, KeyOutcome.failed(id, new MdmException(ServerFailure.statusOf(e.getValue()),
                    "registration of key " + id + " failed on " + ServerFailure.describe(e.getValue()) + "; "
                            + rollback)));
        }
    }

    Map<String, KeyOutcome<Void>> deleteAll(Collection<String> keyIds) throws MdmException {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(keyIds));
        for (String id : ids) {
            KeyIds.check(id);
        }
        Map<String, KeyOutcome<Void>> results = new LinkedHashMap<>();
        for (List<String> chunk : KeyReads.chunks(ids, config.batchSize())) {
            Map<Integer, List<String>> everywhere = new TreeMap<>();
            for (int i = 0; i < servers.size(); i++) {
                everywhere.put(i, chunk);
            }
            Map<String, List<ServerFailure>> left = deleteOn(everywhere);
            for (String id : chunk) {
                results.put(id, !left.containsKey(id) ? KeyOutcome.ok(id, null)
                        : KeyOutcome.failed(id, new MdmException(ServerFailure.statusOf(left.get(id)), "key " + id
                                + " was not deleted from " + ServerFailure.describe(left.get(id))
                                + "; its share stays there: retry when the servers are back.")));
            }
        }
        return results;
    }

    /** Batch-deletes ids from servers; per key, where it failed (unknown counts as deleted). */
    private Map<String, List<ServerFailure>> deleteOn(Map<Integer, List<String>> idsByServer) {
        List<ServerConnection> asked = new ArrayList<>();
        List<CompletableFuture<BatchResponse>> calls = new ArrayList<>();
        idsByServer.forEach((server, ids) -> {
            asked.add(servers.get(server));
            calls.add(servers.get(server).batch("delete", new BatchIdsRequest(ids)));
        });
        List<Outcome<BatchResponse>> outcomes = Outcome.awaitAll(asked, calls, config.totalTimeout());
        Map<String, List<ServerFailure>> left = new LinkedHashMap<>();
        List<List<String>> idLists = new ArrayList<>(idsByServer.values());
        for (int i = 0; i < outcomes.size(); i++) {
            perKey(outcomes.get(i), idLists.get(i), 204).forEach((id, failure) -> {
                if (failure.kind() != Kind.NOT_FOUND) {
                    left.computeIfAbsent(id, x -> new ArrayList<>()).add(failure);
                }
            });
        }
        return left;
    }

    /** The failure of each of {@code ids} in one server's batch answer (none for those with {@code success}). */
    private static Map<String, ServerFailure> perKey(Outcome<BatchResponse> outcome, List<String> ids, int success) {
        Map<String, ServerFailure> failures = new LinkedHashMap<>();
        if (!outcome.ok()) {
            ids.forEach(id -> failures.put(id, outcome.failure()));
            return failures;
        }
        Map<String, BatchResult> byId;
        try {
            byId = BatchAnswers.byId(outcome.server(), outcome.value(), ids);
        } catch (ServerCallException e) {
            ids.forEach(id -> failures.put(id, e.failure()));
            return failures;
        }
        for (String id : new HashSet<>(ids)) {
            BatchResult r = byId.get(id);
            if (r == null) {
                failures.put(id, BatchAnswers.missing(outcome.server(), id));
            } else if (r.status() != success) {
                failures.put(id, BatchAnswers.failure(outcome.server(), r));
            }
        }
        return failures;
    }
}
