package org.mdm.hydra.keyserver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.mdm.hydra.keyserver.ServerFailure.Kind;
import org.mdm.hydra.protocol.AclDocument;
import org.mdm.hydra.protocol.BatchResponse;
import org.mdm.hydra.protocol.BatchResult;

/**
 * What the servers answered to the batches of one ACL change (or of its undo), per server: the
 * keys changed with the ACL each had before, the keys whose outcome is unknown (the answer was
 * lost: the server may have changed them), and every key's failure.
 */
final class AclLedger {
    /** Keys named in a message before "and N more". */
    private static final int KEYS_SHOWN = 5;

    /**
     * One key a server did not change.
     *
     * @param collateral whether the server left it unchanged only because another key of its
     *                   batch failed (424): a consequence, not a cause
     */
    record KeyFailure(String keyId, ServerFailure failure, boolean collateral) {
    }

    private final List<ServerConnection> servers;
    private final List<Map<String, AclDocument>> changed = new ArrayList<>();
    private final List<Set<String>> unknown = new ArrayList<>();
    private final List<List<KeyFailure>> failures = new ArrayList<>();

    AclLedger(List<ServerConnection> servers) {
        this.servers = servers;
        for (int i = 0; i < servers.size(); i++) {
            changed.add(new LinkedHashMap<>());
            unknown.add(new LinkedHashSet<>());
            failures.add(new ArrayList<>());
        }
    }

    /** Notes server {@code index}'s outcome for a batch of {@code ids}. */
    void record(int index, List<String> ids, Outcome<BatchResponse> outcome) {
        ServerConnection server = servers.get(index);
        if (!outcome.ok()) {
            ids.forEach(id -> fail(index, id, outcome.failure(), outcome.failure().outcomeUnknown(), false));
            return;
        }
        Map<String, BatchResult> byId;
        try {
            byId = BatchAnswers.byId(server, outcome.value(), ids);
        } catch (ServerCallException e) {
            ids.forEach(id -> fail(index, id, e.failure(), true, false));
            return;
        }
        for (String id : ids) {
            BatchResult r = byId.get(id);
            if (r == null) {
                fail(index, id, BatchAnswers.missing(server, id), true, false);
            } else if (r.status() == 200 && r.previous() != null) {
                changed.get(index).put(id, r.previous());
            } else if (r.status() == 200) {
                // Changed, but what to put back is not known: another server's previous ACL is used.
                fail(index, id, new ServerFailure(server.uri(), Kind.DOWN, "garbage answer: no previous ACL of key "
                        + id), true, false);
            } else {
                // The server answered for this key: it did not change it.
                fail(index, id, BatchAnswers.failure(server, r), false, r.status() == BatchResult.NOT_CHANGED);
            }
        }
    }

    private void fail(int index, String id, ServerFailure failure, boolean outcomeUnknown, boolean collateral) {
        failures.get(index).add(new KeyFailure(id, failure, collateral));
        if (outcomeUnknown) {
            unknown.get(index).add(id);
        }
    }

    boolean failed() {
        return failures.stream().anyMatch(f -> !f.isEmpty());
    }

    /** The keys server {@code index} changed, with the ACL each had before. */
    Map<String, AclDocument> changed(int index) {
        return changed.get(index);
    }

    /** The keys server {@code index} may have changed (its answer was lost). */
    Set<String> unknown(int index) {
        return unknown.get(index);
    }

    /** The ACL key {@code id} had before on some server that answered, or null. */
    AclDocument previous(String id) {
        for (Map<String, AclDocument> byServer : changed) {
            AclDocument before = byServer.get(id);
            if (before != null) {
                return before;
            }
        }
        return null;
    }

    List<KeyFailure> failures(int index) {
        return failures.get(index);
    }

    /** The failures that caused the others: every failure but the 424s, unless a server gave only 424s. */
    List<ServerFailure> causes() {
        List<ServerFailure> causes = new ArrayList<>();
        for (List<KeyFailure> ofServer : failures) {
            boolean onlyCollateral = ofServer.stream().allMatch(KeyFailure::collateral);
            ofServer.stream().filter(f -> onlyCollateral || !f.collateral()).forEach(f -> causes.add(f.failure()));
        }
        return causes;
    }

    /**
     * Each server's failures for a message: per server and kind, the first reason and the keys,
     * e.g. {@code https://b:8443 (denied: HTTP 403: …) for keys k1, k2}. 424s are left out when the
     * server names their cause.
     */
    String describeFailures() {
        List<String> parts = new ArrayList<>();
        for (List<KeyFailure> ofServer : failures) {
            boolean onlyCollateral = ofServer.stream().allMatch(KeyFailure::collateral);
            Map<Kind, List<KeyFailure>> byKind = ofServer.stream().filter(f -> onlyCollateral || !f.collateral())
                    .collect(Collectors.groupingBy(f -> f.failure().kind(), LinkedHashMap::new, Collectors.toList()));
            byKind.values().forEach(same -> parts.add(same.get(0).failure() + " for "
                    + keys(same.stream().map(KeyFailure::keyId).toList())));
        }
        return String.join("; ", parts);
    }

    /** {@code key a} or {@code keys a, b, c, d, e and 495 more}. */
    static String keys(java.util.Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        String shown = String.join(", ", all.subList(0, Math.min(KEYS_SHOWN, all.size())));
        return (all.size() == 1 ? "key " : "keys ") + shown
                + (all.size() > KEYS_SHOWN ? " and " + (all.size() - KEYS_SHOWN) + " more" : "");
    }
}
