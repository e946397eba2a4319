package org.mdm.hydra.protocol;

import java.util.List;

/**
 * Body of {@code POST /v1/batch/get} and {@code POST /v1/batch/delete}: the key ids.
 *
 * @param ids the key ids, each at most once
 */
public record BatchIdsRequest(List<String> ids) {
    /** Copies the list (a missing list stays null, for the server to refuse). */
    public BatchIdsRequest {
        ids = ids == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(ids));
    }
}
