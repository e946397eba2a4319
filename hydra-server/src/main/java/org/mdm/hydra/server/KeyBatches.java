package org.mdm.hydra.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.protocol.AclDocument;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.BatchAclEntry;
import org.mdm.hydra.protocol.BatchAclRequest;
import org.mdm.hydra.protocol.BatchIdsRequest;
import org.mdm.hydra.protocol.BatchLimits;
import org.mdm.hydra.protocol.BatchPutEntry;
import org.mdm.hydra.protocol.BatchPutRequest;
import org.mdm.hydra.protocol.BatchResponse;
import org.mdm.hydra.protocol.BatchResult;
import org.mdm.hydra.protocol.ErrorBody;
import org.mdm.hydra.protocol.KeyIds;
import org.mdm.hydra.protocol.Right;
import org.mdm.hydra.protocol.ShareResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch operations ({@code POST /v1/batch/put|get|delete|acl}): the single-key operations of
 * {@link KeyService} on up to {@link BatchLimits#MAX_KEYS} keys at once, each key checked with
 * the same {@link AclEvaluator} rules and answered with the status its single-key request would
 * have had. A malformed batch (any bad id, entry or ACL, a repeated id, too many keys) is refused
 * whole before anything is read or stored. Put, get and delete treat each key on its own; acl
 * is all or nothing.
 */
final class KeyBatches {
    private static final Logger LOG = LoggerFactory.getLogger(KeyBatches.class);

    private final ShareStore store;

    KeyBatches(ShareStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Registers each new key (201) in one transaction; an existing id is 409 and left unchanged. */
    BatchResponse put(BatchPutRequest request, GridPrincipal caller) throws MdmException {
        List<BatchPutEntry> entries = request.keys();
        checkIds(entries == null ? null : entries.stream().map(e -> e == null ? null : e.id()).toList());
        List<StoredShare> shares = new ArrayList<>(entries.size());
        try {
            for (int i = 0; i < entries.size(); i++) {
                try {
                    shares.add(share(entries.get(i), caller));
                } catch (MdmException e) {
                    throw new MdmException(e.status(), "batch entry " + i + " (key " + entries.get(i).id() + "): "
                            + e.getMessage() + "; nothing was stored");
                }
            }
            List<Boolean> stored = store.insertAll(shares);
            List<BatchResult> results = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                String id = entries.get(i).id();
                results.add(stored.get(i) ? BatchResult.done(id, 201) : BatchResult.failed(id, 409,
                        error(Status.INVALID_REQUEST, "key " + id + " is already registered on this server; the stored"
                                + " share is unchanged")));
            }
            LOG.info("batch: registered {} of {} keys for owner {}: {}", stored.stream().filter(b -> b).count(),
                    entries.size(), caller.dn(), ids(results, 201));
            return new BatchResponse(results);
        } finally {
            shares.forEach(s -> Arrays.fill(s.share(), (byte) 0));
        }
    }

    private static StoredShare share(BatchPutEntry e, GridPrincipal caller) throws MdmException {
        KeyService.checkX(e.x());
        byte[] value = KeyService.decode(e.share());
        try {
            return new StoredShare(e.id(), caller.dn(), e.x(), value.clone(), KeyService.checkAcl(e.acl()));
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    /** The share of each key the caller may read (200); 403 or 404 for the others. */
    BatchResponse get(BatchIdsRequest request, GridPrincipal caller) throws MdmException {
        checkIds(request.ids());
        Map<String, StoredShare> found = store.findAll(request.ids());
        List<BatchResult> results = new ArrayList<>(request.ids().size());
        try {
            for (String id : request.ids()) {
                StoredShare share = found.get(id);
                if (share == null) {
                    results.add(failed(id, KeyService.notFound(id)));
                } else if (!AclEvaluator.allows(share, caller, Right.READ)) {
                    results.add(failed(id, KeyService.denied(id, caller, "read")));
                } else {
                    results.add(BatchResult.share(id, new ShareResponse(share.x(),
                            Base64.getEncoder().encodeToString(share.share()))));
                }
            }
        } finally {
            found.values().forEach(s -> Arrays.fill(s.share(), (byte) 0));
        }
        LOG.info("batch: served {} of {} keys to {}: {}", results.stream().filter(r -> r.status() == 200).count(),
                results.size(), caller.dn(), ids(results, 200));
        return new BatchResponse(results);
    }

    /** Deletes each key the caller may remove (204); 403 or 404 for the others. */
    BatchResponse delete(BatchIdsRequest request, GridPrincipal caller) throws MdmException {
        checkIds(request.ids());
        Map<String, StoredShare> found = store.findAll(request.ids());
        found.values().forEach(s -> Arrays.fill(s.share(), (byte) 0));
        List<BatchResult> results = new ArrayList<>(request.ids().size());
        for (String id : request.ids()) {
            StoredShare share = found.get(id);
            if (share == null) {
                results.add(failed(id, KeyService.notFound(id)));
            } else if (!AclEvaluator.allows(share, caller, Right.REMOVE)) {
                results.add(failed(id, KeyService.denied(id, caller, "remove")));
            } else {
                // Gone meanwhile (a concurrent delete): what a single delete would then say.
                results.add(store.delete(id) ? BatchResult.done(id, 204) : failed(id, KeyService.notFound(id)));
            }
        }
        LOG.info("batch: removed {} of {} keys for {}: {}", results.stream().filter(r -> r.status() == 204).count(),
                results.size(), caller.dn(), ids(results, 204));
        return new BatchResponse(results);
    }

    /**
     * Replaces the ACL of every key, all or nothing, in one transaction: each key needs the
     * caller to own it or hold setacl (else 403, or 404 if unknown, as {@code PUT
     * /v1/keys/{id}/acl} answers). If any key fails, no ACL changes and each other key answers
     * {@value BatchResult#NOT_CHANGED} naming the failed one; otherwise each answers 200 with the
     * owner and ACL it had, which a client puts back to undo the change.
     */
    BatchResponse setAcl(BatchAclRequest request, GridPrincipal caller) throws MdmException {
        List<BatchAclEntry> entries = request.keys();
        checkIds(entries == null ? null : entries.stream().map(e -> e == null ? null : e.id()).toList());
        Map<String, List<AclEntry>> acls = new LinkedHashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            BatchAclEntry e = entries.get(i);
            try {
                if (e.acl() == null) {
                    throw new MdmException(Status.INVALID_REQUEST, "no acl list (send [] to remove every grant)");
                }
                acls.put(e.id(), KeyService.checkAcl(e.acl()));
            } catch (MdmException x) {
                throw new MdmException(x.status(), "batch entry " + i + " (key " + e.id() + "): " + x.getMessage()
                        + "; nothing was changed");
            }
        }
        Map<String, BatchResult> results = new LinkedHashMap<>();
        boolean changed = store.updateAclAll(acls, current -> judgeAcl(acls.keySet(), current, caller, results));
        List<BatchResult> answer = List.copyOf(results.values());
        if (changed) {
            LOG.info("batch: ACL of {} keys set by {}: {}", answer.size(), caller.dn(), ids(answer, 200));
        } else {
            LOG.info("batch: ACL change of {} keys by {} refused, nothing changed; failed: {}", answer.size(),
                    caller.dn(), answer.stream().filter(r -> r.status() != BatchResult.NOT_CHANGED)
                            .map(BatchResult::id).toList());
        }
        return new BatchResponse(answer);
    }

    /** Fills {@code results} for an ACL batch seeing the keys' {@code current} ACLs; true if all may change. */
    private static boolean judgeAcl(Collection<String> ids, Map<String, AclDocument> current, GridPrincipal caller,
            Map<String, BatchResult> results) {
        results.clear();
        List<String> failed = new ArrayList<>();
        for (String id : ids) {
            AclDocument acl = current.get(id);
            MdmException refusal = acl == null ? KeyService.notFound(id)
                    : AclEvaluator.allows(acl.owner(), acl.acl(), caller, Right.SETACL) ? null
                    : KeyService.denied(id, caller, "set the ACL of");
            results.put(id, refusal == null ? BatchResult.aclSet(id, acl) : failed(id, refusal));
            if (refusal != null) {
                failed.add(id);
            }
        }
        if (failed.isEmpty()) {
            return true;
        }
        String because = "key " + failed.get(0) + (failed.size() == 1 ? "" : " and " + (failed.size() - 1) + " more")
                + " of the same batch failed, and a batch ACL change is all or nothing";
        results.replaceAll((id, r) -> r.status() != 200 ? r : BatchResult.failed(id, BatchResult.NOT_CHANGED,
                error(Status.CANCELLED, "ACL of key " + id + " not changed: " + because)));
        return false;
    }

    /** 1..MAX_KEYS valid ids, none twice; otherwise the whole batch is refused. */
    private static void checkIds(List<String> ids) throws MdmException {
        if (ids == null || ids.isEmpty() || ids.size() > BatchLimits.MAX_KEYS) {
            throw new MdmException(Status.INVALID_REQUEST, "a batch holds 1.." + BatchLimits.MAX_KEYS + " keys, not "
                    + (ids == null ? "none" : ids.size()) + ": split larger batches");
        }
        HashSet<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!KeyIds.isValid(ids.get(i))) {
                throw new MdmException(Status.INVALID_REQUEST, "batch entry " + i + ": invalid key id (use 1.."
                        + KeyIds.MAX_LENGTH + " characters of A-Z a-z 0-9 . _ -); nothing was done");
            }
            if (!seen.add(ids.get(i))) {
                throw new MdmException(Status.INVALID_REQUEST, "batch entry " + i + ": key " + ids.get(i)
                        + " is listed twice; nothing was done");
            }
        }
    }

    private static BatchResult failed(String id, MdmException e) {
        return BatchResult.failed(id, KeysHandler.httpCode(e), error(e.status(), e.getMessage()));
    }

    private static ErrorBody error(Status status, String message) {
        return new ErrorBody(status.name(), message);
    }

    private static List<String> ids(List<BatchResult> results, int status) {
        return results.stream().filter(r -> r.status() == status).map(BatchResult::id).toList();
    }
}
