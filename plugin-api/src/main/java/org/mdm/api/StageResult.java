package org.mdm.api;

import java.util.Objects;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.transform.TransformReport;

/**
 * A staged file: the pinned spool file (close it to unpin), whether it was already in the
 * spool, and what the transform changed (empty on a spool hit, since nothing was transformed).
 *
 * @param file     the spool file, pinned until closed; its size and ADLER32 are known
 * @param spoolHit true when the file was served from the spool without retrieval
 * @param report   what the transform erased or replaced; held in memory only, never logged
 */
public record StageResult(SpoolFile file, boolean spoolHit, TransformReport report) {

    /** Validates the fields. */
    public StageResult {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(report, "report");
    }
}
