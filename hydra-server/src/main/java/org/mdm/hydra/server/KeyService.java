package org.mdm.hydra.server;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.protocol.AclDocument;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.KeyIds;
import org.mdm.hydra.protocol.Right;
import org.mdm.hydra.protocol.ShareRequest;
import org.mdm.hydra.protocol.ShareResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key server's operations, with their ACL checks, independent of HTTP. Every outcome is
 * logged with the key id and the caller's DN only: shares are never logged.
 */
final class KeyService {
    /** Longest share value accepted: a share has the length of the key (32 bytes today). */
    static final int MAX_SHARE_BYTES = 1024;
    /** Most ACL entries per key. */
    static final int MAX_ACL_ENTRIES = AclEntry.MAX_ENTRIES;
    private static final Logger LOG = LoggerFactory.getLogger(KeyService.class);

    private final ShareStore store;

    KeyService(ShareStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Registers a share; the caller becomes its owner. */
    void put(String keyId, ShareRequest request, GridPrincipal caller) throws MdmException {
        KeyIds.check(keyId);
        checkX(request.x());
        byte[] value = decode(request.share());
        try {
            StoredShare share = new StoredShare(keyId, caller.dn(), request.x(), value, checkAcl(request.acl()));
            if (!store.insert(share)) {
                LOG.info("refused duplicate registration of key {} by {}", keyId, caller.dn());
                throw new Conflict("key " + keyId + " is already registered on this server; the stored share is unchanged");
            }
        } finally {
            java.util.Arrays.fill(value, (byte) 0);
        }
        LOG.info("registered key {} (share x={}) for owner {}", keyId, request.x(), caller.dn());
    }

    /** The share of a key, if the caller may read it. */
    ShareResponse get(String keyId, GridPrincipal caller) throws MdmException {
        StoredShare share = require(keyId, caller, Right.READ, "read");
        LOG.info("served key {} to {}", keyId, caller.dn());
        return new ShareResponse(share.x(), Base64.getEncoder().encodeToString(share.share()));
    }

    /** Deletes a key's share, if the caller may remove it. */
    void delete(String keyId, GridPrincipal caller) throws MdmException {
        require(keyId, caller, Right.REMOVE, "remove");
        store.delete(keyId);
        LOG.info("removed key {} for {}", keyId, caller.dn());
    }

    /** The owner and ACL of a key, if the caller may read it or set its ACL. */
    AclDocument getAcl(String keyId, GridPrincipal caller) throws MdmException {
        StoredShare share = find(keyId);
        if (!AclEvaluator.allows(share, caller, Right.READ) && !AclEvaluator.allows(share, caller, Right.SETACL)) {
            throw denied(keyId, caller, "read the ACL of");
        }
        return new AclDocument(share.owner(), share.acl());
    }

    /** Replaces a key's ACL, if the caller may set it. */
    void setAcl(String keyId, AclDocument acl, GridPrincipal caller) throws MdmException {
        List<AclEntry> entries = checkAcl(acl.acl());
        require(keyId, caller, Right.SETACL, "set the ACL of");
        if (!store.updateAcl(keyId, entries)) {
            throw notFound(keyId);
        }
        LOG.info("ACL of key {} set by {}: {} entries", keyId, caller.dn(), entries.size());
    }

    /** A registration of a key id that exists (HTTP 409); the stored share is untouched. */
    static final class Conflict extends MdmException {
        private static final long serialVersionUID = 1L;

        Conflict(String message) {
            super(Status.INVALID_REQUEST, message);
        }
    }

    private StoredShare require(String keyId, GridPrincipal caller, Right right, String what) throws MdmException {
        StoredShare share = find(keyId);
        if (!AclEvaluator.allows(share, caller, right)) {
            throw denied(keyId, caller, what);
        }
        return share;
    }

    private StoredShare find(String keyId) throws MdmException {
        KeyIds.check(keyId);
        return store.find(keyId).orElseThrow(() -> notFound(keyId));
    }

    static MdmException notFound(String keyId) {
        return new MdmException(Status.NOT_FOUND, "no key " + keyId + " on this server");
    }

    static MdmException denied(String keyId, GridPrincipal caller, String what) {
        LOG.info("denied {} to {} on key {}", what, caller.dn(), keyId);
        return new MdmException(Status.AUTHORIZATION_FAILURE, caller.dn() + " may not " + what + " key " + keyId
                + ": ask its owner for a grant");
    }

    static List<AclEntry> checkAcl(List<AclEntry> acl) throws MdmException {
        if (acl.size() > MAX_ACL_ENTRIES) {
            throw new MdmException(Status.INVALID_REQUEST, "too many ACL entries: " + acl.size() + " > " + MAX_ACL_ENTRIES);
        }
        List<AclEntry> checked = new ArrayList<>(acl.size());
        for (AclEntry e : acl) {
            if (e == null) {
                throw new MdmException(Status.INVALID_REQUEST, "null ACL entry");
            }
            checked.add(e.validate());
        }
        return checked;
    }

    static void checkX(int x) throws MdmException {
        if (x < 1 || x > 255) {
            throw new MdmException(Status.INVALID_REQUEST, "share x must be in 1..255");
        }
    }

    static byte[] decode(String base64) throws MdmException {
        byte[] value;
        try {
            value = base64 == null ? new byte[0] : Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            // Not the decoder's message: it may quote the input.
            throw new MdmException(Status.INVALID_REQUEST, "share is not valid base64");
        }
        if (value.length == 0 || value.length > MAX_SHARE_BYTES) {
            throw new MdmException(Status.INVALID_REQUEST, "share must be 1.." + MAX_SHARE_BYTES + " bytes");
        }
        return value;
    }
}
