package org.mdm.se;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.mdm.api.MdmException;
import org.mdm.api.StageRequest;
import org.mdm.api.StageResult;
import org.mdm.api.Status;

/**
 * A staging started by {@link StorageElement#stage}: a door waits on it (keeping its client
 * alive meanwhile) or cancels it when the client goes away. Its failures name the path the
 * client asked for, never the PFN (see {@link PathFailures}); a registered file is handed over
 * only when it is what was registered (see {@link Registered}).
 */
public final class Staging {
    private final StageRequest request;
    private final String path;
    private final Registered registered;

    Staging(StageRequest request, String path, Registered registered) {
        this.request = request;
        this.path = path;
        this.registered = registered;
    }

    /** Waits until the file is staged or the deadline passes; the result's file is pinned. */
    public StageResult await() throws MdmException, InterruptedException {
        StageResult staged;
        try {
            staged = request.await();
        } catch (MdmException e) {
            throw PathFailures.forClient(path, e);
        }
        return registered == null ? staged : registered.check(staged, path);
    }

    /**
     * The staged file, pinned, when it is ready, for a door that does not wait on a thread (SRM):
     * completes exceptionally with the same {@link MdmException} {@link #await} throws.
     */
    public CompletableFuture<StageResult> result() {
        return request.result().handle((staged, failure) -> {
            if (failure != null) {
                throw new CompletionException(PathFailures.forClient(path, failure(failure)));
            }
            if (registered == null) {
                return staged;
            }
            try {
                return registered.check(staged, path);
            } catch (MdmException e) {
                throw new CompletionException(e);
            }
        });
    }

    /** The {@link MdmException} a future of {@link #result} (or of the request under it) failed with. */
    public static MdmException failure(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause instanceof MdmException m ? m
                : new MdmException(Status.INTERNAL_ERROR, "staging failed: " + cause.getClass().getName());
    }

    /** Stops the staging (never blocks). */
    public void cancel() {
        request.cancel();
    }
}
