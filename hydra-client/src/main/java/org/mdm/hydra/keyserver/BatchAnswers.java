package org.mdm.hydra.keyserver;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mdm.hydra.keyserver.ServerFailure.Kind;
import org.mdm.hydra.protocol.BatchResponse;
import org.mdm.hydra.protocol.BatchResult;

/** Reads one server's answer to a batch request: its result per key asked, or a failure per key. */
final class BatchAnswers {
    private BatchAnswers() {
    }

    /**
     * The result for each id of {@code asked} that the server answered; ids it did not answer,
     * or answered more than once, are missing (the caller counts them as garbage).
     *
     * @throws ServerCallException DOWN if the answer has no result list
     */
    static Map<String, BatchResult> byId(ServerConnection server, BatchResponse answer, List<String> asked) {
        if (answer.results() == null) {
            throw new ServerCallException(new ServerFailure(server.uri(), Kind.DOWN, "garbage answer: no results"));
        }
        Map<String, BatchResult> byId = new HashMap<>();
        java.util.Set<String> twice = new java.util.HashSet<>();
        for (BatchResult r : answer.results()) {
            if (r != null && r.id() != null && byId.put(r.id(), r) != null) {
                twice.add(r.id());
            }
        }
        byId.keySet().retainAll(new java.util.HashSet<>(asked));
        byId.keySet().removeAll(twice);
        return byId;
    }

    /** Why {@code server} failed one key of a batch, as the single-key call would have said it. */
    static ServerFailure failure(ServerConnection server, BatchResult result) {
        String reason = "HTTP " + result.status() + ": " + (result.error() == null ? "(no error body)"
                : result.error().status() + " " + result.error().message());
        return new ServerFailure(server.uri(), ServerConnection.kindOf(result.status()), reason);
    }

    /** A key the server's answer left out. */
    static ServerFailure missing(ServerConnection server, String keyId) {
        return new ServerFailure(server.uri(), Kind.DOWN, "garbage answer: no result for key " + keyId);
    }
}
