package org.mdm.se;

import org.mdm.api.MdmException;
import org.mdm.api.StageRequest;
import org.mdm.api.StageResult;

/**
 * A staging started by {@link StorageElement#stage}: a door waits on it (keeping its client
 * alive meanwhile) or cancels it when the client goes away. Its failures name the path the
 * client asked for, never the PFN (see {@link PathFailures}).
 */
public final class Staging {
    private final StageRequest request;
    private final String path;

    Staging(StageRequest request, String path) {
        this.request = request;
        this.path = path;
    }

    /** Waits until the file is staged or the deadline passes; the result's file is pinned. */
    public StageResult await() throws MdmException, InterruptedException {
        try {
            return request.await();
        } catch (MdmException e) {
            throw PathFailures.forClient(path, e);
        }
    }

    /** Stops the staging (never blocks). */
    public void cancel() {
        request.cancel();
    }
}
