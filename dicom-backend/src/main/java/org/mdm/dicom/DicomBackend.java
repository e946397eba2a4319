package org.mdm.dicom;

import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.mdm.api.Backend;
import org.mdm.api.BackendContext;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.StageRequest;
import org.mdm.api.Status;
import org.mdm.dicom.deid.ImageKeyIds;
import org.mdm.dicom.net.Retriever;
import org.mdm.dicom.pipeline.SeriesFetch;
import org.mdm.dicom.pipeline.StagingPipeline;
import org.mdm.dicom.pipeline.Transforms;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DPM-DICOM backend: serves {@code dicom://} PFNs by retrieving, transforming, sealing
 * (with the image's key, see {@link ImageKeyIds}) and spooling each image on demand. Staging runs on its own bounded executor so a slow DICOM server never
 * blocks the door's threads.
 */
public final class DicomBackend implements Backend {
    private static final Logger LOG = LoggerFactory.getLogger(DicomBackend.class);

    private final String name;
    private final Retriever retriever;
    private final Transforms transforms;
    private final StagingPipeline pipeline;
    private final SeriesFetch seriesFetch;
    private final ExecutorService stagers;

    /** Assembles a backend; it owns and closes the retriever and the executor. */
    public DicomBackend(String name, Retriever retriever, Transforms transforms, BackendContext context,
            ImageKeyIds keyIds, ExecutorService stagers) {
        this.name = name;
        this.retriever = retriever;
        this.transforms = transforms;
        this.pipeline = new StagingPipeline(retriever, context.spool(), transforms, context.seal(), keyIds);
        this.seriesFetch = new SeriesFetch(retriever, context.spool(), transforms, context.seal(), keyIds);
        this.stagers = stagers;
    }

    /** Whole-series retrieval over the same retriever, transforms and spool. */
    public SeriesFetch seriesFetch() {
        return seriesFetch;
    }

    /** The retriever, for monitoring (pool and request counters). */
    public Retriever retriever() {
        return retriever;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> schemes() {
        return Set.of(DicomPfn.SCHEME);
    }

    @Override
    public void validate(Pfn pfn) throws MdmException {
        image(pfn);
    }

    private DicomPfn image(Pfn pfn) throws MdmException {
        DicomPfn parsed = DicomPfn.parse(pfn);
        if (parsed.isSeries()) {
            throw new MdmException(Status.INVALID_PATH, "PFN '" + pfn + "' names a series; a file is one image: "
                    + "append /<SOPInstanceUID>.");
        }
        transforms.get(parsed.transform(), pfn);
        return parsed;
    }

    @Override
    public void stage(StageRequest request) {
        DicomPfn pfn;
        try {
            pfn = image(request.pfn());
        } catch (MdmException e) {
            request.failed(e);
            return;
        }
        try {
            stagers.execute(() -> run(pfn, request));
        } catch (RejectedExecutionException e) {
            request.failed(new MdmException(Status.PEER_UNAVAILABLE, "Backend '" + name
                    + "' is shutting down or overloaded; retry " + request.pfn() + " later."));
        }
    }

    private void run(DicomPfn pfn, StageRequest request) {
        try {
            request.completed(pipeline.stage(pfn, request));
        } catch (MdmException e) {
            LOG.debug("Staging {} failed: {}", request.id(), e.status());
            request.failed(e);
        } catch (RuntimeException e) {
            LOG.error("Staging {} failed unexpectedly", request.id(), e);
            request.failed(new MdmException(Status.INTERNAL_ERROR, "Staging of " + request.pfn()
                    + " failed unexpectedly (" + e.getClass().getSimpleName() + "); see the server log.", e));
        }
    }

    @Override
    public void close() {
        stagers.shutdownNow();
        try {
            stagers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        retriever.close();
    }
}
