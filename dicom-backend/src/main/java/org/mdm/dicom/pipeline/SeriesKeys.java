package org.mdm.dicom.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mdm.api.MdmException;
import org.mdm.api.seal.Seal;
import org.mdm.dicom.DicomPfn;
import org.mdm.dicom.deid.ImageKeyIds;
import org.mdm.dicom.net.CancelSignal;
import org.mdm.dicom.net.Retriever;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of a series' images, asked for ahead: while the series C-GET starts, another thread
 * lists the series' instances by C-FIND and hands their key ids to {@link Seal#prefetch}, which
 * fetches them in a few bulk requests. Without it every image would cost one k-of-n key read of
 * its own (measured: most of a cold 500-image series). The workers wait (briefly) until the list
 * has been handed over, so that their {@code open}s find the keys cached or in flight; if the
 * listing fails, each image's key is fetched on its own as before.
 */
final class SeriesKeys {
    private static final Logger LOG = LoggerFactory.getLogger(SeriesKeys.class);
    /** Longest wait of a worker for the listing: past it, images go on without the prefetch. */
    private static final Duration LISTING_WAIT = Duration.ofSeconds(10);

    private final CompletableFuture<Void> listed;

    private SeriesKeys(CompletableFuture<Void> listed) {
        this.listed = listed;
    }

    /** Starts listing {@code series} and prefetching its keys on a thread of its own. */
    static SeriesKeys start(Retriever retriever, Seal seal, ImageKeyIds keyIds, DicomPfn series, Duration timeout,
            CancelSignal cancel) {
        CompletableFuture<Void> listed = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                List<String> uids = retriever.listSeries(series.node(), series.studyUid(), series.seriesUid(), timeout,
                        cancel);
                List<String> ids = new ArrayList<>(uids.size());
                for (String uid : uids) {
                    ids.add(keyIds.of(uid));
                }
                seal.prefetch(ids);
                LOG.debug("asked for the keys of {} images of series {} ahead", ids.size(), series.seriesUid());
            } catch (MdmException | RuntimeException e) {
                LOG.debug("no key prefetch for series {}: {}", series.seriesUid(), e.getMessage());
            } finally {
                listed.complete(null);
            }
        }, "series-keys");
        t.setDaemon(true);
        t.start();
        return new SeriesKeys(listed);
    }

    /** Waits until the key ids were handed to the seal (or the listing failed), at most {@link #LISTING_WAIT}. */
    void awaitListed() {
        try {
            listed.get(LISTING_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // go on without: each key is fetched when its image is sealed
        }
    }
}
