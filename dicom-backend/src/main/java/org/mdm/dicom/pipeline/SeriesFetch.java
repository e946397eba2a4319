package org.mdm.dicom.pipeline;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.seal.Seal;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.spool.SpoolKey;
import org.mdm.api.transform.Transform;
import org.mdm.dicom.DicomPfn;
import org.mdm.dicom.deid.ImageKeyIds;
import org.mdm.dicom.net.CancelSignal;
import org.mdm.dicom.net.DicomNode;
import org.mdm.dicom.net.RetrievedInstance;
import org.mdm.dicom.net.Retriever;

/**
 * Fetches a whole series over one association and passes each image through the same
 * transform and spool as single-image staging, so a later request for any of its images is a
 * spool hit. Used by {@code mdm fetch} on a series and by the benchmarks.
 *
 * <p>The keys of the series' images are fetched ahead in bulk ({@link SeriesKeys}). Images are
 * transformed and spooled by a few worker threads while the association keeps
 * receiving: each spool commit waits for fsync, and done one after another those waits, not
 * the network, would set the pace. A bound on images in hand keeps memory flat.
 */
public final class SeriesFetch {
    /** Receives each spooled image, pinned for the duration of the call; called from several threads. */
    @FunctionalInterface
    public interface Sink {
        /** Handles one image of the series; {@code file} is closed by the caller afterwards. */
        void accept(DicomPfn image, SpoolFile file) throws MdmException;
    }

    /** Workers per series; spooling is bound by fsync latency, which overlaps well. */
    private static final int WORKERS = 4;
    /** Images received but not yet spooled, at most. */
    private static final int IN_HAND = 2 * WORKERS;

    private final Retriever retriever;
    private final Spool spool;
    private final Transforms transforms;
    private final ImageProducer producer;
    private final Seal seal;
    private final ImageKeyIds keyIds;

    /** A series fetcher over the same parts as a {@link StagingPipeline}. */
    public SeriesFetch(Retriever retriever, Spool spool, Transforms transforms, Seal seal, ImageKeyIds keyIds) {
        this.retriever = retriever;
        this.seal = seal;
        this.keyIds = keyIds;
        this.spool = spool;
        this.transforms = transforms;
        this.producer = new ImageProducer(retriever, spool, transforms, seal, keyIds);
    }

    /**
     * Fetches every image of the series named by {@code series} (a PFN without SOP Instance UID).
     *
     * @return the number of images received
     * @throws MdmException the first failure; images handled before it stay spooled
     */
    public int fetch(DicomPfn series, Duration timeout, CancelSignal cancel, Sink sink) throws MdmException {
        if (!series.isSeries()) {
            throw new MdmException(Status.INVALID_REQUEST, "PFN '" + series + "' names one image, not a series.");
        }
        Transform transform = transforms.get(series.transform(), series);
        AtomicReference<MdmException> failure = new AtomicReference<>();
        Semaphore inHand = new Semaphore(IN_HAND);
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS, SeriesFetch::worker);
        DicomNode node = series.node();
        SeriesKeys keys = SeriesKeys.start(retriever, seal, keyIds, series, timeout, cancel);
        int received;
        try {
            received = retriever.fetchSeries(node, series.studyUid(), series.seriesUid(), timeout, cancel,
                    instance -> {
                        inHand.acquireUninterruptibly();
                        workers.execute(() -> {
                            try {
                                if (failure.get() == null) {
                                    keys.awaitListed();
                                    handle(series, transform, instance, sink);
                                }
                            } catch (MdmException e) {
                                failure.compareAndSet(null, e);
                            } catch (RuntimeException e) {
                                failure.compareAndSet(null, new MdmException(Status.INTERNAL_ERROR, "Spooling an image"
                                        + " of " + series + " failed: " + e, e));
                            } finally {
                                inHand.release();
                            }
                        });
                    });
        } finally {
            inHand.acquireUninterruptibly(IN_HAND);
            workers.shutdown();
        }
        if (failure.get() != null) {
            MdmException e = failure.get();
            throw new MdmException(e.status(), e.getMessage(), e);
        }
        return received;
    }

    private static Thread worker(Runnable r) {
        Thread t = new Thread(r, "series-spooler");
        t.setDaemon(true);
        return t;
    }

    private void handle(DicomPfn series, Transform transform, RetrievedInstance instance, Sink sink)
            throws MdmException {
        DicomPfn image = new DicomPfn(series.node(), series.studyUid(), series.seriesUid(),
                instance.sopInstanceUid(), series.transform());
        SpoolKey key = SpoolKeys.of(image);
        Optional<SpoolFile> existing = spool.open(key);
        // the freshly written file comes back pinned, so eviction cannot take it before the sink reads it
        SpoolFile file = existing.isPresent() ? existing.get() : producer.storePinned(image, key, transform, instance);
        try (file) {
            sink.accept(image, file);
        }
    }
}
