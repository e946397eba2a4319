package org.mdm.hydra.protocol;

import java.util.List;

/**
 * One key of {@code POST /v1/batch/put}: what {@code PUT /v1/keys/{id}} carries, plus the id.
 *
 * @param id    the key id
 * @param x     the share's x coordinate, 1..255
 * @param share the share's value, base64
 * @param acl   the initial grants (may be empty)
 */
public record BatchPutEntry(String id, int x, String share, List<AclEntry> acl) {
    /** Copies the ACL; a missing ACL is empty. */
    public BatchPutEntry {
        acl = acl == null ? List.of() : List.copyOf(acl);
    }

    /** The single-key request body of this entry. */
    public ShareRequest request() {
        return new ShareRequest(x, share, acl);
    }

    /** Never shows the share. */
    @Override
    public String toString() {
        return "BatchPutEntry[" + id + ", x=" + x + ", acl=" + acl + "]";
    }
}
