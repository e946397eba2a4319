package org.mdm.dicom.pipeline;

import java.util.concurrent.CompletableFuture;
import org.mdm.dicom.net.CancelSignal;

/** Fires when every caller waiting for a single-flight production has given up. */
final class FlightCancelSignal implements CancelSignal {
    private final CompletableFuture<Void> abandoned;

    FlightCancelSignal(CompletableFuture<Void> abandoned) {
        this.abandoned = abandoned;
    }

    @Override
    public boolean isCancelled() {
        return abandoned.isDone();
    }

    @Override
    public void onCancel(Runnable hook) {
        abandoned.thenRun(hook);
    }
}
