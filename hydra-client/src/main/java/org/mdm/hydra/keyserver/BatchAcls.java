package org.mdm.hydra.keyserver;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.keyserver.ServerFailure.Kind;
import org.mdm.hydra.protocol.AclDocument;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.BatchAclEntry;
import org.mdm.hydra.protocol.BatchAclRequest;
import org.mdm.hydra.protocol.BatchResponse;
import org.mdm.hydra.protocol.KeyIds;

/**
 * Replacing the ACLs of many keys on every server, all or nothing across servers. Each server
 * gets one {@code POST /v1/batch/acl} per {@code batchSize} keys, which it applies all or
 * nothing and answers with each key's previous ACL. If any server fails any key (denied,
 * unknown key, down, timeout, garbage), no further batch is sent and the previous ACLs are put
 * back wherever a batch was applied, and wherever a lost answer leaves unknown whether it was
 * (with the previous ACL another server reported for the key); then the call fails naming each
 * failed server, its reason and keys, and whether the undo completed.
 */
final class BatchAcls {
    /** Chunks of keys in flight at once, each sent to every server. */
    private static final int PARALLEL_BATCHES = 4;

    /** One request: the new ACLs of some keys for server {@code server}. */
    private record Batch(int server, List<BatchAclEntry> entries) {
        List<String> ids() {
            return entries.stream().map(BatchAclEntry::id).toList();
        }
    }

    private final KeyServersConfig config;
    private final List<ServerConnection> servers;

    BatchAcls(KeyServersConfig config, List<ServerConnection> servers) {
        this.config = config;
        this.servers = servers;
    }

    AclChange setAclAll(Map<String, List<AclEntry>> aclByKey) throws MdmException {
        Map<String, List<AclEntry>> acls = checked(aclByKey);
        List<String> ids = List.copyOf(acls.keySet());
        AclLedger ledger = new AclLedger(servers);
        List<List<String>> chunks = KeyReads.chunks(ids, config.batchSize());
        int sent = 0;
        for (int wave = 0; wave < chunks.size() && !ledger.failed(); wave += PARALLEL_BATCHES) {
            List<Batch> batches = new ArrayList<>();
            for (List<String> chunk : chunks.subList(wave, Math.min(chunks.size(), wave + PARALLEL_BATCHES))) {
                List<BatchAclEntry> entries = chunk.stream().map(id -> new BatchAclEntry(id, acls.get(id))).toList();
                for (int i = 0; i < servers.size(); i++) {
                    batches.add(new Batch(i, entries));
                }
                sent += chunk.size();
            }
            send(batches, ledger);
        }
        if (!ledger.failed()) {
            Map<URI, Integer> byServer = new LinkedHashMap<>();
            for (int i = 0; i < servers.size(); i++) {
                byServer.put(servers.get(i).uri(), ledger.changed(i).size());
            }
            return new AclChange(ids.size(), byServer);
        }
        String undo = rollback(ledger);
        throw new MdmException(ServerFailure.statusOf(ledger.causes()), "ACL change of " + ids.size() + " key"
                + (ids.size() == 1 ? "" : "s") + " failed on " + ledger.describeFailures()
                + (sent < ids.size() ? "; the other " + (ids.size() - sent) + " keys were not sent" : "") + ". " + undo);
    }

    /** Every key id valid, every ACL complete and well-formed: nothing is sent otherwise. */
    private static Map<String, List<AclEntry>> checked(Map<String, List<AclEntry>> aclByKey) throws MdmException {
        Map<String, List<AclEntry>> acls = new LinkedHashMap<>();
        for (Map.Entry<String, List<AclEntry>> e : aclByKey.entrySet()) {
            String id = KeyIds.check(e.getKey());
            List<AclEntry> acl = e.getValue();
            if (acl == null || acl.stream().anyMatch(java.util.Objects::isNull)) {
                throw new MdmException(Status.INVALID_REQUEST, "ACL of key " + id + ": give a list of entries (an empty"
                        + " list removes every grant); nothing was sent");
            }
            if (acl.size() > AclEntry.MAX_ENTRIES) { // the whole ACL counts: what the key has and what is added
                throw new MdmException(Status.INVALID_REQUEST, "ACL of key " + id + ": " + acl.size() + " entries in"
                        + " all, over the key servers' limit of " + AclEntry.MAX_ENTRIES + "; grant a VOMS group or a"
                        + " VO instead of so many users. Nothing was sent");
            }
            for (AclEntry entry : acl) {
                try {
                    entry.validate();
                } catch (MdmException x) {
                    throw new MdmException(x.status(), "ACL of key " + id + ": " + x.getMessage() + "; nothing was sent");
                }
            }
            acls.put(id, List.copyOf(acl));
        }
        return acls;
    }

    /** Sends every batch at once and notes each server's answer; bounded by the whole-operation timeout. */
    private void send(List<Batch> batches, AclLedger ledger) {
        List<ServerConnection> asked = new ArrayList<>();
        List<CompletableFuture<BatchResponse>> calls = new ArrayList<>();
        for (Batch b : batches) {
            asked.add(servers.get(b.server()));
            calls.add(servers.get(b.server()).batch("acl", new BatchAclRequest(b.entries())));
        }
        List<Outcome<BatchResponse>> outcomes = Outcome.awaitAll(asked, calls, config.totalTimeout());
        for (int i = 0; i < batches.size(); i++) {
            ledger.record(batches.get(i).server(), batches.get(i).ids(), outcomes.get(i));
        }
    }

    /** Puts the previous ACLs back where the change was (or may have been) applied; says how that went. */
    private String rollback(AclLedger done) {
        List<Batch> undo = new ArrayList<>();
        List<String> unrestorable = new ArrayList<>();
        for (int i = 0; i < servers.size(); i++) {
            Map<String, AclDocument> back = new LinkedHashMap<>(done.changed(i));
            List<String> unknown = new ArrayList<>();
            for (String id : done.unknown(i)) {
                AclDocument before = done.previous(id);
                if (before == null) {
                    unknown.add(id);
                } else {
                    back.putIfAbsent(id, before);
                }
            }
            if (!unknown.isEmpty()) {
                unrestorable.add(servers.get(i).uri() + " may hold the new ACL of " + AclLedger.keys(unknown)
                        + " (its answer was lost, and no server told the previous ACL)");
            }
            for (List<String> chunk : KeyReads.chunks(List.copyOf(back.keySet()), config.batchSize())) {
                undo.add(new Batch(i, chunk.stream().map(id -> new BatchAclEntry(id, back.get(id).acl())).toList()));
            }
        }
        if (undo.isEmpty() && unrestorable.isEmpty()) {
            return "Nothing was changed on any server.";
        }
        AclLedger first = undo(undo);
        List<Batch> again = withoutRefused(undo, first);
        AclLedger second = again.isEmpty() ? null : undo(again);
        return undoReport(done, undo, first, second, unrestorable);
    }

    private AclLedger undo(List<Batch> batches) {
        AclLedger ledger = new AclLedger(servers);
        for (int from = 0; from < batches.size(); from += PARALLEL_BATCHES * servers.size()) {
            send(batches.subList(from, Math.min(batches.size(), from + PARALLEL_BATCHES * servers.size())), ledger);
        }
        return ledger;
    }

    /**
     * The undo batches a server refused because of some of their keys (a key deleted meanwhile,
     * 404; or one whose new ACL took the caller's setacl away, 403): the server refuses the whole
     * batch for them, so the others are sent once more without them.
     */
    private static List<Batch> withoutRefused(List<Batch> undo, AclLedger first) {
        List<Batch> again = new ArrayList<>();
        for (Batch b : undo) {
            Set<String> ids = new LinkedHashSet<>(b.ids());
            List<AclLedger.KeyFailure> mine = first.failures(b.server()).stream()
                    .filter(f -> ids.contains(f.keyId())).toList();
            Set<String> refused = new LinkedHashSet<>();
            mine.stream().filter(f -> !f.collateral() && (f.failure().kind() == Kind.NOT_FOUND
                    || f.failure().kind() == Kind.DENIED)).forEach(f -> refused.add(f.keyId()));
            if (!refused.isEmpty() && mine.stream().allMatch(f -> f.collateral() || refused.contains(f.keyId()))) {
                List<BatchAclEntry> rest = b.entries().stream().filter(e -> !refused.contains(e.id())).toList();
                if (!rest.isEmpty()) {
                    again.add(new Batch(b.server(), rest));
                }
            }
        }
        return again;
    }

    /** The keys a server answered 404 for: deleted meanwhile, nothing left to put back. */
    private static Set<String> gone(List<AclLedger.KeyFailure> failures) {
        Set<String> gone = new LinkedHashSet<>();
        failures.stream().filter(f -> !f.collateral() && f.failure().kind() == Kind.NOT_FOUND)
                .forEach(f -> gone.add(f.keyId()));
        return gone;
    }

    /** Why the undo failed on server {@code i}: the last attempt's first cause. */
    private static ServerFailure why(int i, AclLedger first, AclLedger second) {
        for (AclLedger attempt : second == null ? List.of(first) : List.of(second, first)) {
            for (AclLedger.KeyFailure f : attempt.failures(i)) {
                if (!f.collateral()) {
                    return f.failure();
                }
            }
        }
        return first.failures(i).get(0).failure();
    }

    private String undoReport(AclLedger done, List<Batch> undo, AclLedger first, AclLedger second,
            List<String> unrestorable) {
        List<String> restoredOn = new ArrayList<>();
        List<String> left = new ArrayList<>(unrestorable);
        for (int i = 0; i < servers.size(); i++) {
            int server = i;
            Set<String> tried = new LinkedHashSet<>();
            undo.stream().filter(b -> b.server() == server).forEach(b -> tried.addAll(b.ids()));
            if (tried.isEmpty()) {
                continue;
            }
            tried.removeAll(first.changed(i).keySet());
            tried.removeAll(gone(first.failures(i)));
            if (second != null) {
                tried.removeAll(second.changed(i).keySet());
                tried.removeAll(gone(second.failures(i)));
            }
            if (tried.isEmpty()) {
                restoredOn.add(servers.get(i).uri().toString());
            } else {
                ServerFailure why = why(i, first, second);
                boolean surely = tried.stream().anyMatch(done.changed(i)::containsKey);
                left.add(servers.get(i).uri() + (surely ? " still holds" : " may still hold") + " the new ACL of "
                        + AclLedger.keys(tried) + " (undo failed: "
                        + why.kind().name().toLowerCase().replace('_', ' ') + ": " + why.reason() + ")");
            }
        }
        String back = restoredOn.isEmpty() ? "" : "the previous ACLs were put back on " + String.join(", ", restoredOn);
        if (left.isEmpty()) {
            return "Rolled back: " + back + "; every ACL is as it was.";
        }
        return "ROLLBACK INCOMPLETE: " + String.join("; ", left) + ". Set those ACLs by hand when the servers are"
                + " back" + (back.isEmpty() ? "." : "; " + back + ".");
    }
}
