package org.mdm.hydra.protocol;

import java.util.List;

/**
 * Answer (200) to every batch request: one result per key, in the order of the request.
 *
 * @param results the per-key results
 */
public record BatchResponse(List<BatchResult> results) {
    /** Copies the list (a missing list stays null, for the client to refuse). */
    public BatchResponse {
        results = results == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(results));
    }
}
