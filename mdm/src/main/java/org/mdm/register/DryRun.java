package org.mdm.register;

import java.time.Duration;
import org.mdm.api.BackendRegistry;
import org.mdm.api.FileAttributes;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.StageRequest;
import org.mdm.api.StageResult;
import org.mdm.api.Status;
import org.mdm.api.spool.SpoolFile;

/**
 * Registration's dry run: the registered image staged as a user's first request would stage it
 * (retrieve, transform, seal into the spool), for the sealed file's exact size and ADLER32. The
 * SE's spool must receive it, so a registration beside a running SE asks the SE to do it.
 */
@FunctionalInterface
public interface DryRun {
    /**
     * Stages {@code pfn}; the sealed file stays in the spool.
     *
     * @return the sealed file's size, ADLER32 and time
     */
    FileAttributes run(String pfn) throws MdmException;

    /** The dry run through this process's backends and spool. */
    static DryRun local(BackendRegistry stagers, Duration timeout) {
        return pfn -> {
            Pfn generic = Pfn.parse(pfn);
            StageRequest request = StageRequest.of(generic, GridPrincipal.LOCAL, timeout);
            stagers.backendFor(generic).stage(request);
            StageResult result;
            try {
                result = request.await();
            } catch (InterruptedException e) {
                request.cancel();
                Thread.currentThread().interrupt();
                throw new MdmException(Status.CANCELLED, "Registration interrupted during the dry run.");
            }
            try (SpoolFile spooled = result.file()) {
                return spooled.attributes();
            }
        };
    }
}
