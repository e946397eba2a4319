package org.mdm.hydra.protocol;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Body of {@code POST /v1/batch/acl}: new ACLs of several keys for one server, applied all or
 * nothing.
 *
 * @param keys the keys, each id at most once
 */
public record BatchAclRequest(List<BatchAclEntry> keys) {
    /** Copies the list (a missing list stays null, for the server to refuse). */
    public BatchAclRequest {
        keys = keys == null ? null : Collections.unmodifiableList(new ArrayList<>(keys));
    }
}
