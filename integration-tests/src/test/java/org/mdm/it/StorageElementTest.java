package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.StageResult;
import org.mdm.api.Status;
import org.mdm.api.spool.SpoolFile;
import org.mdm.se.AccessList;
import org.mdm.se.MountTable;
import org.mdm.se.StorageElement;

/**
 * The storage-element facade over the real pipeline: a grid path becomes a PFN through the
 * mount table, the DICOM backend is found through the SPI, and the caller gets the sealed,
 * de-identified image pinned in the spool (real Orthanc, three real key servers).
 */
@ExtendWith(SharedOrthanc.class)
class StorageElementTest {
    private static final String MOUNT = "/dpm/example.org/home/biomed/mdm/";
    private static final GridPrincipal RESEARCHER = new GridPrincipal(KeyServerTrio.PKI.userDn(),
            List.of("/biomed/Role=NULL", "/biomed/lab"));
    private static final GridPrincipal STRANGER = new GridPrincipal("/C=FR/O=MDM/OU=users/CN=Stranger", List.of());

    private static SampleImages.Sample ct(SharedOrthanc.Fixture f) {
        return PipelineHarness.ctSmall(f);
    }

    private static StorageElement se(PipelineHarness h, SharedOrthanc.Fixture f) throws MdmException {
        // Template access (opt-in): the pipeline behind a path, without a catalogue.
        MountTable mounts = MountTable.fromConfig(Map.of("biomed.path", MOUNT, "biomed.pfn", "dicom://"
                + f.orthanc().aet() + "@127.0.0.1:" + f.orthanc().dicomPort() + "/{study}/{series}/{sop}?transform=deid",
                "biomed.template", "true"));
        return new StorageElement(mounts, AccessList.of(List.of("vo:biomed")), h.registry, Duration.ofSeconds(60));
    }

    @Test
    void aPathUnderTheMountIsStagedSealedAndOpensToTheDeidentifiedImage(SharedOrthanc.Fixture f, @TempDir Path dir)
            throws Exception {
        SampleImages.Sample s = ct(f);
        try (PipelineHarness h = new PipelineHarness(dir.resolve("spool"), "100M", Map.of())) {
            h.register(PipelineHarness.pfn(f.orthanc(), s));
            String path = MOUNT + s.studyUid() + "/" + s.seriesUid() + "/" + s.sopInstanceUid();
            StageResult result = se(h, f).fetch(path, RESEARCHER);
            try (SpoolFile file = result.file()) {
                AttributeList deid = new AttributeList();
                try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(h.decrypt(file)))) {
                    deid.read(in);
                }
                assertEquals(h.keyId(PipelineHarness.pfn(f.orthanc(), s)),
                        deid.get(TagFromName.SOPInstanceUID).getSingleStringValueOrEmptyString());
            }
        }
    }

    @Test
    void aSecondBackendFoundThroughTheSpiServesItsOwnMount(SharedOrthanc.Fixture f, @TempDir Path dir)
            throws Exception {
        try (PipelineHarness h = new PipelineHarness(dir.resolve("spool"), "100M", Map.of())) {
            Path root = java.nio.file.Files.createDirectories(dir.resolve("public")).toRealPath();
            byte[] bytes = "not patient data: a benchmark file\n".repeat(1000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            java.nio.file.Files.write(root.resolve("bench.bin"), bytes);
            h.registry.create("file", "public", Map.of("root", root.toString()),
                    org.mdm.api.BackendContext.of(h.spool, h.keys.seal()));
            MountTable mounts = MountTable.fromConfig(Map.of(
                    "biomed.path", MOUNT, "biomed.pfn", "dicom://" + f.orthanc().aet() + "@127.0.0.1:"
                            + f.orthanc().dicomPort() + "/{study}/{series}/{sop}?transform=deid",
                    "public.path", "/dpm/example.org/home/biomed/public/", "public.pfn", "file://" + root + "/{name}",
                    "biomed.template", "true", "public.template", "true"));
            StorageElement se = new StorageElement(mounts, AccessList.of(List.of("vo:biomed")), h.registry,
                    Duration.ofSeconds(60));
            try (SpoolFile file = se.fetch("/dpm/example.org/home/biomed/public/bench.bin", RESEARCHER).file()) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, java.nio.file.Files.readAllBytes(file.path()));
            }
            assertEquals(0, h.retriever().stats().retrievals(), "the DICOM backend was not involved");
        }
    }

    @Test
    void strangersPathsOutsideTheMountAndClimbingPathsAreRefusedWithoutRetrieval(SharedOrthanc.Fixture f,
            @TempDir Path dir) throws Exception {
        SampleImages.Sample s = f.samples().accepted().get(0);
        try (PipelineHarness h = new PipelineHarness(dir.resolve("spool"), "100M", Map.of())) {
            StorageElement se = se(h, f);
            String path = MOUNT + s.studyUid() + "/" + s.seriesUid() + "/" + s.sopInstanceUid();
            assertEquals(Status.AUTHORIZATION_FAILURE,
                    assertThrows(MdmException.class, () -> se.fetch(path, STRANGER)).status());
            assertEquals(Status.NOT_FOUND,
                    assertThrows(MdmException.class, () -> se.fetch("/etc/passwd", RESEARCHER)).status());
            assertEquals(Status.INVALID_PATH, assertThrows(MdmException.class,
                    () -> se.fetch(MOUNT + s.studyUid() + "/../" + s.sopInstanceUid(), RESEARCHER)).status());
            MdmException letters = assertThrows(MdmException.class,
                    () -> se.fetch(MOUNT + "abc/def/ghi", RESEARCHER));
            assertEquals(Status.INVALID_PATH, letters.status(), letters.getMessage());
            assertEquals(0, h.retriever().stats().retrievals(), "the DICOM server was not asked");
            assertEquals(0, h.spool.list().size());
            assertTrue(se.resolve(path, RESEARCHER).toString().startsWith("dicom://"));
        }
    }
}
