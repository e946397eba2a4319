package org.mdm.cli;

import java.io.PrintWriter;
import java.time.Duration;
import org.mdm.api.MdmException;
import org.mdm.dicom.DicomPfn;
import org.mdm.dicom.net.CancelSignal;
import org.mdm.dicom.pipeline.SeriesFetch;

/** Fetches a whole series over one association, spooling each image and copying it out. */
final class SeriesDownload {
    private final MdmRuntime runtime;
    private final PrintWriter err;
    private final boolean progress;
    private final Duration timeout;

    SeriesDownload(MdmRuntime runtime, MdmConfig config, PrintWriter err, boolean progress) throws MdmException {
        this.runtime = runtime;
        this.err = err;
        // A bar only makes sense on a terminal; in a log it would be a wall of carriage returns.
        this.progress = progress && System.console() != null;
        // A series may hold thousands of images: the per-image timeout bounds each one's silence,
        // not the whole transfer.
        this.timeout = Duration.ofSeconds(config.positiveInt("stage.timeout.seconds")).multipliedBy(100);
    }

    int run(DicomPfn series, OutputFiles outputs, PrintWriter out) throws MdmException {
        SeriesFetch fetch = runtime.dicom(series).seriesFetch();
        ProgressBar bar = new ProgressBar(err, progress);
        int received = fetch.fetch(series, timeout, CancelSignal.NEVER, (image, file) -> {
            outputs.deliver(file);
            bar.advance(file.size(), 0);
        });
        bar.finish(received);
        out.printf("%d images of series %s written to %s in %.2f s (%.1f img/s)%n", received,
                series.seriesUid(), outputs, bar.seconds(), received / Math.max(1e-9, bar.seconds()));
        return 0;
    }
}
