package org.mdm.hydra.server;

import java.util.List;
import org.mdm.hydra.protocol.AclEntry;

/**
 * One stored share with its owner and ACL.
 *
 * @param keyId the key id
 * @param owner the owner's DN (the caller who registered it)
 * @param x     the share's x coordinate
 * @param share the share's value (key material: never logged, never shown)
 * @param acl   the grants besides the owner
 */
public record StoredShare(String keyId, String owner, int x, byte[] share, List<AclEntry> acl) {
    /** Copies the ACL. */
    public StoredShare {
        acl = List.copyOf(acl);
    }

    /** Never shows the share. */
    @Override
    public String toString() {
        return "StoredShare[" + keyId + ", owner=" + owner + ", x=" + x + "]";
    }
}
