package org.mdm.it;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.ServiceLoader;
import org.mdm.api.BackendRegistry;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.StageRequest;
import org.mdm.api.StageResult;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolProvider;
import org.mdm.dicom.DicomBackend;
import org.mdm.dicom.net.PooledRetriever;

/**
 * The backend assembled as an SE assembles it, through the plugin API (ServiceLoader for the
 * spool and the backend), over a spool in a temporary directory.
 */
final class PipelineHarness implements AutoCloseable {
    /** A fixed test secret, so expected de-identified values are stable across runs. */
    static final String SECRET = HexFormat.of().formatHex(new byte[32]).replace("00", "5a");

    final Spool spool;
    final BackendRegistry registry;
    final DicomBackend backend;

    PipelineHarness(Path spoolDir, String capacity, Map<String, String> dicomOverrides) throws MdmException {
        spool = openSpool(spoolDir, capacity);
        registry = BackendRegistry.load(PipelineHarness.class.getClassLoader());
        Map<String, String> config = new HashMap<>();
        config.put("deid.secret", SECRET);
        config.put("connect.timeout.ms", "2000");
        config.put("read.timeout.ms", "10000");
        config.putAll(dicomOverrides);
        backend = (DicomBackend) registry.create("dicom", "dicom", config, () -> spool);
    }

    static Spool openSpool(Path dir, String capacity) throws MdmException {
        for (SpoolProvider p : ServiceLoader.load(SpoolProvider.class)) {
            if (p.type().equals("rfio")) {
                return p.open(Map.of("dir", dir.toString(), "capacity", capacity, "min.free", "1M"));
            }
        }
        throw new IllegalStateException("rfio spool provider not on the test classpath");
    }

    static String pfn(OrthancServer orthanc, SampleImages.Sample s) {
        return "dicom://" + orthanc.aet() + "@127.0.0.1:" + orthanc.dicomPort() + "/" + s.studyUid() + "/"
                + s.seriesUid() + "/" + s.sopInstanceUid() + "?transform=deid";
    }

    StageRequest request(String pfn) throws MdmException {
        return StageRequest.of(Pfn.parse(pfn), GridPrincipal.LOCAL, Duration.ofSeconds(60));
    }

    StageResult stage(String pfn) throws MdmException, InterruptedException {
        StageRequest request = request(pfn);
        backend.stage(request);
        return request.await();
    }

    PooledRetriever retriever() {
        return (PooledRetriever) backend.retriever();
    }

    @Override
    public void close() {
        registry.close();
        spool.close();
    }
}
