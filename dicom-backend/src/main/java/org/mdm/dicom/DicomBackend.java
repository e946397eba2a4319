package org.mdm.dicom;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.mdm.api.Backend;
import org.mdm.api.BackendContext;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.StageRequest;
import org.mdm.api.Stagers;
import org.mdm.api.Status;
import org.mdm.api.spool.SpoolKey;
import org.mdm.dicom.deid.ImageKeyIds;
import org.mdm.dicom.net.Retriever;
import org.mdm.dicom.pipeline.SeriesFetch;
import org.mdm.dicom.pipeline.SpoolKeys;
import org.mdm.dicom.pipeline.StagingPipeline;
import org.mdm.dicom.pipeline.Transforms;

/**
 * The DPM-DICOM backend: serves {@code dicom://} PFNs by retrieving, transforming, sealing
 * (with the image's key, see {@link ImageKeyIds}) and spooling each image on demand. Staging
 * runs on its own bounded executor so a slow DICOM server never blocks the door's threads.
 */
public final class DicomBackend implements Backend {
    private final String name;
    private final Retriever retriever;
    private final Transforms transforms;
    private final StagingPipeline pipeline;
    private final SeriesFetch seriesFetch;
    private final Stagers stagers;

    /** Assembles a backend; it owns and closes the retriever and the executor. */
    public DicomBackend(String name, Retriever retriever, Transforms transforms, BackendContext context,
            ImageKeyIds keyIds, ExecutorService stagers) {
        this.name = name;
        this.retriever = retriever;
        this.transforms = transforms;
        this.pipeline = new StagingPipeline(retriever, context.spool(), transforms, context.seal(), keyIds);
        this.seriesFetch = new SeriesFetch(retriever, context.spool(), transforms, context.seal(), keyIds);
        this.stagers = new Stagers(name, stagers);
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

    @Override
    public Optional<SpoolKey> spoolKey(Pfn pfn) {
        try {
            return Optional.of(SpoolKeys.of(image(pfn)));
        } catch (MdmException e) {
            return Optional.empty();
        }
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
        stagers.submit(request, r -> pipeline.stage(pfn, r));
    }

    @Override
    public Map<String, Object> status() {
        Map<String, Object> pools = new LinkedHashMap<>();
        retriever.statsByServer().forEach((server, s) -> pools.put(server,
                Map.of("active", s.active(), "idle", s.idle(), "opened", s.associationsOpened())));
        Stagers.Load load = stagers.load();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("stages.running", load.running());
        status.put("stages.queued", load.queued());
        status.put("associations", pools);
        return status;
    }

    @Override
    public void close() {
        stagers.close();
        retriever.close();
    }
}
