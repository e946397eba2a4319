package org.mdm.hydra.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One key of {@code POST /v1/batch/acl}: what {@code PUT /v1/keys/{id}/acl} carries, plus the id.
 *
 * @param id  the key id
 * @param acl the new grants, replacing the old ones ({@code []} clears them; a missing list is
 *            refused, so that a forgotten field cannot strip a key of every grant)
 */
public record BatchAclEntry(String id, List<AclEntry> acl) {
    /** Copies the ACL, keeping nulls for the server to refuse by position. */
    public BatchAclEntry {
        acl = acl == null ? null : Collections.unmodifiableList(new ArrayList<>(acl));
    }
}
