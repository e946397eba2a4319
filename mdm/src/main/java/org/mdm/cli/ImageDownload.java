package org.mdm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.StageRequest;
import org.mdm.api.StageResult;
import org.mdm.api.spool.SpoolFile;
import org.mdm.dicom.DicomPfn;
import org.mdm.hydra.SealedFormat;

/** Fetches one image exactly as a storage element would: a stage request through the plugin API. */
final class ImageDownload {
    private final MdmRuntime runtime;
    private final Duration timeout;

    ImageDownload(MdmRuntime runtime, MdmConfig config) throws MdmException {
        this.runtime = runtime;
        this.timeout = Duration.ofSeconds(config.positiveInt("stage.timeout.seconds"));
    }

    int run(DicomPfn pfn, OutputFiles outputs, PrintWriter out) throws MdmException, InterruptedException {
        Pfn generic = Pfn.parse(pfn.canonical());
        StageRequest request = StageRequest.of(generic, GridPrincipal.LOCAL, timeout);
        long start = System.nanoTime();
        runtime.backends().backendFor(generic).stage(request);
        StageResult result = request.await();
        try (SpoolFile file = result.file()) {
            Path written = outputs.deliver(file);
            out.printf("%s  %d bytes  adler32 %s  sealed with key %s  %s  %.0f ms%n", written, file.size(),
                    file.attributes().adler32Hex(), SealedFormat.readHeader(file.path()).keyId(),
                    result.spoolHit() ? "spool hit" : "retrieved", (System.nanoTime() - start) / 1e6);
        }
        return 0;
    }
}
