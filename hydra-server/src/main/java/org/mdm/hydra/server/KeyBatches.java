package org.mdm.hydra.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
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
 * The batch operations ({@code POST /v1/batch/put|get|delete}): the single-key operations of
 * {@link KeyService} on up to {@link BatchLimits#MAX_KEYS} keys at once, each key checked with
 * the same {@link AclEvaluator} rules and answered with the status its single-key request would
 * have had. A malformed batch (any bad id, entry or ACL, a repeated id, too many keys) is refused
 * whole before anything is read or stored.
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
        checkIds(entries == null ? null : entries.stream().map(BatchPutEntry::id).toList());
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
