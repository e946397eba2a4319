package org.mdm.hydra.protocol;

import java.util.List;

/**
 * Body of {@code POST /v1/batch/put}: shares of several keys for one server.
 *
 * @param keys the keys, each id at most once
 */
public record BatchPutRequest(List<BatchPutEntry> keys) {
    /** Copies the list (a missing list stays null, for the server to refuse). */
    public BatchPutRequest {
        keys = keys == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(keys));
    }
}
