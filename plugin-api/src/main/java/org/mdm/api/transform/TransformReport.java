package org.mdm.api.transform;

import java.util.List;

/**
 * What a transform erased or replaced in one object, in attribute order.
 *
 * @param erased the values removed or replaced
 */
public record TransformReport(List<ErasedValue> erased) {

    /** The report of a transform that changed nothing (or of a spool hit). */
    public static final TransformReport EMPTY = new TransformReport(List.of());

    /** Copies the list. */
    public TransformReport {
        erased = List.copyOf(erased);
    }
}
