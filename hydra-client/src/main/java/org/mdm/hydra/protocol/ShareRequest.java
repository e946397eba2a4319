package org.mdm.hydra.protocol;

import java.util.List;

/**
 * Body of {@code PUT /v1/keys/{id}}: the share and the initial ACL (the caller becomes owner).
 *
 * @param x     the share's x coordinate, 1..255
 * @param share the share's value, base64
 * @param acl   the initial grants (may be empty)
 */
public record ShareRequest(int x, String share, List<AclEntry> acl) {
    /** Copies the ACL; a missing ACL is empty. */
    public ShareRequest {
        acl = acl == null ? List.of() : List.copyOf(acl);
    }

    /** Never shows the share. */
    @Override
    public String toString() {
        return "ShareRequest[x=" + x + ", acl=" + acl + "]";
    }
}
