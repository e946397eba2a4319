package org.mdm.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One request to make a file available in the spool, modelled on dCache's nearline requests:
 * it has an id, a deadline and a cancel operation, and the backend ends it exactly once with
 * {@link #completed} or {@link #failed}.
 *
 * <p>Cancellation never blocks: {@link #cancel()} fails the request at once and runs the
 * hooks a backend registered with {@link #onCancel} (e.g. aborting a DICOM association). A
 * result that arrives after cancellation is released (its spool pin dropped), never leaked.
 */
public final class StageRequest {
    private final UUID id;
    private final Pfn pfn;
    private final GridPrincipal principal;
    private final Instant deadline;
    private final CompletableFuture<StageResult> result = new CompletableFuture<>();
    private final List<Runnable> cancelHooks = new CopyOnWriteArrayList<>();

    private StageRequest(UUID id, Pfn pfn, GridPrincipal principal, Instant deadline) {
        this.id = id;
        this.pfn = pfn;
        this.principal = principal;
        this.deadline = deadline;
    }

    /** A new request with a fresh id that must be done within {@code timeout}. */
    public static StageRequest of(Pfn pfn, GridPrincipal principal, Duration timeout) {
        Objects.requireNonNull(pfn, "pfn");
        Objects.requireNonNull(principal, "principal");
        return new StageRequest(UUID.randomUUID(), pfn, principal, Instant.now().plus(timeout));
    }

    /** The request id, unique per request. */
    public UUID id() {
        return id;
    }

    /** The file to stage. */
    public Pfn pfn() {
        return pfn;
    }

    /** The caller on whose behalf the file is staged. */
    public GridPrincipal principal() {
        return principal;
    }

    /** When the request fails with {@link Status#TIMEOUT} if it is not done. */
    public Instant deadline() {
        return deadline;
    }

    /** Time left before the deadline, never negative. */
    public Duration remaining() {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Throws if the work should stop: cancelled, or past its deadline. Backends call it between
     * steps so an abandoned request stops using the DICOM server and the disk.
     */
    public void checkActive() throws MdmException {
        if (isCancelled()) {
            throw new MdmException(Status.CANCELLED, "Staging of " + pfn + " was cancelled.");
        }
        if (Instant.now().isAfter(deadline)) {
            throw timeout();
        }
    }

    private MdmException timeout() {
        return new MdmException(Status.TIMEOUT, "Staging of " + pfn + " did not finish before its deadline "
                + deadline + "; retry later or raise the staging timeout.");
    }

    /** Ends the request successfully. If it had already ended, the result's pin is released. */
    public void completed(StageResult stageResult) {
        Objects.requireNonNull(stageResult, "stageResult");
        if (!result.complete(stageResult)) {
            stageResult.file().close();
        }
    }

    /** Ends the request with a failure (ignored if it had already ended). */
    public void failed(MdmException failure) {
        result.completeExceptionally(Objects.requireNonNull(failure, "failure"));
    }

    /** Registers work to run when the request is cancelled; runs at once if it already is. */
    public void onCancel(Runnable hook) {
        cancelHooks.add(hook);
        if (isCancelled()) {
            hook.run();
        }
    }

    /** Cancels the request without blocking; returns false if it had already ended. */
    public boolean cancel() {
        boolean cancelled = result.completeExceptionally(
                new MdmException(Status.CANCELLED, "Staging of " + pfn + " was cancelled."));
        if (cancelled) {
            for (Runnable hook : cancelHooks) {
                hook.run();
            }
        }
        return cancelled;
    }

    /** True once the request was cancelled. */
    public boolean isCancelled() {
        if (!result.isCompletedExceptionally()) {
            return false;
        }
        try {
            result.getNow(null);
            return false;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() instanceof MdmException m && m.status() == Status.CANCELLED;
        } catch (CancellationException e) {
            return true;
        }
    }

    /** True once the request has ended, in any way. */
    public boolean isDone() {
        return result.isDone();
    }

    /** The outcome, for callers that compose asynchronously. */
    public CompletableFuture<StageResult> result() {
        return result.copy();
    }

    /**
     * Waits for the outcome until the deadline. On timeout the request is cancelled, so the
     * backend stops, and a {@link Status#TIMEOUT} failure is thrown.
     */
    public StageResult await() throws MdmException, InterruptedException {
        try {
            return result.get(Math.max(1, remaining().toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            cancel();
            throw timeout();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MdmException m) {
                throw new MdmException(m.status(), m.getMessage(), m);
            }
            throw new MdmException(Status.INTERNAL_ERROR, "Staging of " + pfn + " failed unexpectedly: "
                    + e.getCause(), e.getCause());
        }
    }

    @Override
    public String toString() {
        return "StageRequest[" + id + " " + pfn + "]";
    }
}
