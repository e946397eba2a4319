package org.mdm.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.mdm.api.BackendContext;
import org.mdm.api.spool.SpoolFile;
import org.mdm.dicom.DicomPfn;
import org.mdm.dicom.deid.ImageKeyIds;
import org.mdm.hydra.SealedFormat;
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
 * spool and the backend), over a spool in a temporary directory, sealing with keys from three
 * real key servers ({@link KeyServerTrio}) that the SE reads with its host credential.
 */
final class PipelineHarness implements AutoCloseable {
    /** A fixed test secret, so expected de-identified values are stable across runs. */
    static final String SECRET = HexFormat.of().formatHex(new byte[32]).replace("00", "5a");

    final Spool spool;
    final BackendRegistry registry;
    final DicomBackend backend;
    final KeyServerTrio keys;
    private final Path keyDir;
    private final ImageKeyIds keyIds;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    PipelineHarness(Path spoolDir, String capacity, Map<String, String> dicomOverrides) throws Exception {
        keyDir = Files.createTempDirectory("mdm-it-keys");
        keys = new KeyServerTrio(keyDir);
        spool = openSpool(spoolDir, capacity);
        registry = BackendRegistry.load(PipelineHarness.class.getClassLoader());
        Map<String, String> config = new HashMap<>();
        config.put("deid.secret", SECRET);
        config.put("connect.timeout.ms", "2000");
        config.put("read.timeout.ms", "10000");
        config.putAll(dicomOverrides);
        keyIds = ImageKeyIds.fromConfig(Map.of("secret", SECRET));
        backend = (DicomBackend) registry.create("dicom", "dicom", config, BackendContext.of(spool, keys.seal()));
    }

    /** The key id the pipeline seals this image PFN with. */
    String keyId(String pfn) throws MdmException {
        return keyIds.of(DicomPfn.parse(Pfn.parse(pfn)).instanceUid());
    }

    /** What registration will do: a key for the image, owned by the researcher, readable by the SE. */
    synchronized void register(String pfn) throws MdmException {
        String id = keyId(pfn);
        if (!registered.contains(id)) {
            keys.registerForSite(id);
            registered.add(id);
        }
    }

    /** The researcher's decryption of a staged (sealed) file. */
    byte[] decrypt(SpoolFile file) throws Exception {
        return keys.decrypt(keyId(file), file.path());
    }

    private static String keyId(SpoolFile file) throws MdmException {
        return SealedFormat.readHeader(file.path()).keyId();
    }

    static Spool openSpool(Path dir, String capacity) throws MdmException {
        for (SpoolProvider p : ServiceLoader.load(SpoolProvider.class)) {
            if (p.type().equals("rfio")) {
                return p.open(Map.of("dir", dir.toString(), "capacity", capacity, "min.free", "1M"));
            }
        }
        throw new IllegalStateException("rfio spool provider not on the test classpath");
    }

    /** pydicom's CT_small.dcm as Orthanc holds it: small, uncompressed, with a patient name to hide. */
    static SampleImages.Sample ctSmall(SharedOrthanc.Fixture f) {
        return f.samples().accepted().stream()
                .filter(s -> s.keptFile() != null && s.keptFile().getFileName().toString().equals("CT_small.dcm"))
                .findFirst().orElseThrow(() -> new AssertionError("Orthanc holds no CT_small.dcm: "
                        + f.samples().summary()));
    }

    static String pfn(OrthancServer orthanc, SampleImages.Sample s) {
        return "dicom://" + orthanc.aet() + "@127.0.0.1:" + orthanc.dicomPort() + "/" + s.studyUid() + "/"
                + s.seriesUid() + "/" + s.sopInstanceUid() + "?transform=deid";
    }

    StageRequest request(String pfn) throws MdmException {
        return StageRequest.of(Pfn.parse(pfn), GridPrincipal.LOCAL, Duration.ofSeconds(60));
    }

    /** Stages an image whose key is registered first (as registration will have done). */
    StageResult stage(String pfn) throws MdmException, InterruptedException {
        try {
            DicomPfn parsed = DicomPfn.parse(Pfn.parse(pfn));
            if (!parsed.isSeries()) {
                register(pfn);
            }
        } catch (MdmException malformed) {
            // the backend reports it, as it would to a door
        }
        return stageUnregistered(pfn);
    }

    /** Stages an image as is, without registering its key. */
    StageResult stageUnregistered(String pfn) throws MdmException, InterruptedException {
        StageRequest request = request(pfn);
        backend.stage(request);
        return request.await();
    }

    PooledRetriever retriever() {
        return (PooledRetriever) backend.retriever();
    }

    @Override
    public void close() throws IOException, MdmException {
        registry.close();
        spool.close();
        keys.close();
        try (Stream<Path> files = Files.walk(keyDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
