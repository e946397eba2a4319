package org.mdm.dicom.pipeline;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mdm.api.MdmException;
import org.mdm.api.StageRequest;
import org.mdm.api.StageResult;
import org.mdm.api.Status;
import org.mdm.api.seal.Seal;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.spool.SpoolKey;
import org.mdm.api.transform.TransformReport;
import org.mdm.dicom.DicomPfn;
import org.mdm.dicom.deid.ImageKeyIds;
import org.mdm.dicom.net.Retriever;

/**
 * The retrieval pipeline for one image: a spool hit is served at once; otherwise one
 * production per image runs at a time (concurrent requests share it), and each caller then
 * gets its own pin on the spooled result.
 */
public final class StagingPipeline {
    /** A production's outcome: what the transform reported, and whether it found the file already spooled. */
    private record Produced(TransformReport report, boolean alreadySpooled) {
    }

    /** How often a caller re-runs staging when its file is evicted between production and pinning. */
    private static final int MAX_ATTEMPTS = 3;

    private final Spool spool;
    private final ImageProducer producer;
    private final SingleFlight<SpoolKey, Produced> flights = new SingleFlight<>();

    /** A pipeline retrieving with {@code retriever}, transforming with {@code transforms}, into {@code spool}. */
    public StagingPipeline(Retriever retriever, Spool spool, Transforms transforms, Seal seal, ImageKeyIds keyIds) {
        this.spool = spool;
        this.producer = new ImageProducer(retriever, spool, transforms, seal, keyIds);
    }

    /**
     * Stages one image for a request and returns it pinned.
     *
     * @throws MdmException the retrieval's, transform's or spool's failure, or the request's
     *                      cancellation or timeout
     */
    public StageResult stage(DicomPfn pfn, StageRequest request) throws MdmException {
        SpoolKey key = SpoolKeys.of(pfn);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Optional<SpoolFile> hit = spool.open(key);
            if (hit.isPresent()) {
                return new StageResult(hit.get(), true, TransformReport.EMPTY);
            }
            request.checkActive();
            Produced produced = await(flights.join(key, request::onCancel, abandoned -> produce(pfn, key, request,
                    abandoned)), request);
            Optional<SpoolFile> file = spool.open(key);
            if (file.isPresent()) {
                return new StageResult(file.get(), produced.alreadySpooled(), produced.report());
            }
            // Evicted between production and our pin: the spool is under pressure; try again.
        }
        throw new MdmException(Status.NO_FREE_SPACE, "The spool evicted " + pfn + " " + MAX_ATTEMPTS
                + " times before it could be served; the spool is too small for the load. Raise its capacity.");
    }

    private Produced produce(DicomPfn pfn, SpoolKey key, StageRequest request, CompletableFuture<Void> abandoned) {
        try {
            Optional<SpoolFile> already = spool.open(key);
            if (already.isPresent()) {
                already.get().close();
                return new Produced(TransformReport.EMPTY, true);
            }
            TransformReport report = producer.produce(pfn, key, request.remaining(),
                    new FlightCancelSignal(abandoned));
            return new Produced(report, false);
        } catch (MdmException e) {
            throw new StagingFailure(e);
        }
    }

    private static Produced await(CompletableFuture<Produced> outcome, StageRequest request) throws MdmException {
        try {
            return outcome.get(Math.max(1, request.remaining().toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.checkActive();
            throw new MdmException(Status.TIMEOUT, "Staging of " + request.pfn() + " timed out.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MdmException(Status.CANCELLED, "Staging of " + request.pfn() + " was interrupted.", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StagingFailure failure) {
                MdmException cause = failure.mdmCause();
                throw new MdmException(cause.status(), cause.getMessage(), cause);
            }
            throw new MdmException(Status.INTERNAL_ERROR, "Staging of " + request.pfn() + " failed: "
                    + e.getCause(), e.getCause());
        }
    }
}
