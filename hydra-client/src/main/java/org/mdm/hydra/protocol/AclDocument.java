package org.mdm.hydra.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A key's ACL: the answer to {@code GET /v1/keys/{id}/acl} (with the owner) and the body of
 * {@code PUT /v1/keys/{id}/acl} (without: the owner never changes).
 *
 * @param owner the owner's DN, or null in a request
 * @param acl   the grants
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AclDocument(String owner, List<AclEntry> acl) {
    /** Copies the ACL; a missing ACL is empty. */
    public AclDocument {
        acl = acl == null ? List.of() : List.copyOf(acl);
    }
}
