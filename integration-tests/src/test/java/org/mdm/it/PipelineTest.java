package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.StageResult;
import org.mdm.api.Status;
import org.mdm.api.spool.SpoolFile;

/**
 * The retrieval pipeline end to end: real Orthanc, real spool, real key servers, the backend
 * found through the SPI. Spool files are sealed; tests decrypt them as the researcher would.
 */
@ExtendWith(SharedOrthanc.class)
class PipelineTest {

    private static SampleImages.Sample ct(SharedOrthanc.Fixture f) {
        return PipelineHarness.ctSmall(f);
    }

    @Test
    void coldThenWarmStagingServesTheSameDeidentifiedFile(SharedOrthanc.Fixture f, @TempDir Path dir)
            throws Exception {
        SampleImages.Sample ct = ct(f);
        try (PipelineHarness h = new PipelineHarness(dir, "100M", Map.of())) {
            String pfn = PipelineHarness.pfn(f.orthanc(), ct);
            byte[] first;
            byte[] plain;
            try (SpoolFile file = h.stage(pfn).file()) {
                first = Files.readAllBytes(file.path());
                assertEquals(first.length, file.size());
                Adler32 adler = new Adler32();
                adler.update(first);
                assertEquals(adler.getValue(), file.adler32());
                plain = h.decrypt(file);
            }
            StageResult warm = h.stage(pfn);
            try (SpoolFile file = warm.file()) {
                assertTrue(warm.spoolHit());
                assertArrayEquals(first, Files.readAllBytes(file.path()));
            }
            AttributeList original = read(Files.readAllBytes(ct.keptFile()));
            AttributeList deid = read(plain);
            assertEquals("YES", deid.get(TagFromName.PatientIdentityRemoved).getSingleStringValueOrEmptyString());
            assertNotEquals(original.get(TagFromName.SOPInstanceUID).getSingleStringValueOrEmptyString(),
                    deid.get(TagFromName.SOPInstanceUID).getSingleStringValueOrEmptyString());
            assertTrue(deid.get(TagFromName.SOPInstanceUID).getSingleStringValueOrEmptyString().startsWith("2.25."));
            String name = deid.get(TagFromName.PatientName) == null ? ""
                    : deid.get(TagFromName.PatientName).getSingleStringValueOrEmptyString();
            assertNotEquals(original.get(TagFromName.PatientName).getSingleStringValueOrEmptyString(), name);
        }
    }

    @Test
    void twoColdRetrievalsGiveIdenticalBytes(SharedOrthanc.Fixture f, @TempDir Path dir) throws Exception {
        try (PipelineHarness h = new PipelineHarness(dir, "100M", Map.of())) {
            String pfn = PipelineHarness.pfn(f.orthanc(), ct(f));
            byte[] first = stageAndEvict(h, pfn);
            byte[] second = stageAndEvict(h, pfn);
            assertArrayEquals(first, second);
            assertEquals(2, h.retriever().stats().retrievals(), "both stagings were cold");
        }
    }

    @Test
    void fiftyConcurrentRequestsForOneImageCauseExactlyOneRetrieval(SharedOrthanc.Fixture f, @TempDir Path dir)
            throws Exception {
        List<SampleImages.Sample> largest = f.samples().accepted().stream()
                .sorted((a, b) -> Long.compare(size(b), size(a))).toList();
        SampleImages.Sample big = largest.get(0);
        try (PipelineHarness h = new PipelineHarness(dir, "500M", Map.of())) {
            String pfn = PipelineHarness.pfn(f.orthanc(), big);
            ExecutorService pool = Executors.newFixedThreadPool(50);
            CountDownLatch start = new CountDownLatch(1);
            try {
                List<Future<byte[]>> results = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        try (SpoolFile file = h.stage(pfn).file()) {
                            return Files.readAllBytes(file.path());
                        }
                    }));
                }
                start.countDown();
                byte[] expected = results.get(0).get(60, TimeUnit.SECONDS);
                for (Future<byte[]> r : results) {
                    assertArrayEquals(expected, r.get(60, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, h.retriever().stats().retrievals(), "50 concurrent requests, one C-GET");
        }
    }

    @Test
    void unknownInstanceIsNotFoundNamingTheUidAndTheServer(SharedOrthanc.Fixture f, @TempDir Path dir)
            throws Exception {
        SampleImages.Sample ct = ct(f);
        try (PipelineHarness h = new PipelineHarness(dir, "100M", Map.of())) {
            String pfn = "dicom://" + f.orthanc().aet() + "@127.0.0.1:" + f.orthanc().dicomPort() + "/"
                    + ct.studyUid() + "/" + ct.seriesUid() + "/1.2.3.999999.42";
            MdmException e = assertThrows(MdmException.class, () -> h.stage(pfn));
            assertEquals(Status.NOT_FOUND, e.status());
            assertTrue(e.getMessage().contains("1.2.3.999999.42"), e.getMessage());
            assertTrue(e.getMessage().contains(f.orthanc().aet() + "@127.0.0.1:" + f.orthanc().dicomPort()),
                    e.getMessage());
            assertSpoolEmpty(dir, h);
        }
    }

    @Test
    void fullSpoolFailsBeforeWritingAndLeavesNothing(SharedOrthanc.Fixture f, @TempDir Path dir) throws Exception {
        try (PipelineHarness h = new PipelineHarness(dir, "2K", Map.of())) {
            MdmException e = assertThrows(MdmException.class,
                    () -> h.stage(PipelineHarness.pfn(f.orthanc(), ct(f))));
            assertEquals(Status.NO_FREE_SPACE, e.status());
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            assertSpoolEmpty(dir, h);
        }
    }

    @Test
    void serverDownFailsWithinTheConnectTimeout(SharedOrthanc.Fixture f, @TempDir Path dir) throws Exception {
        int port = OrthancServer.freePort();
        try (PipelineHarness h = new PipelineHarness(dir, "100M", Map.of())) {
            SampleImages.Sample ct = ct(f);
            String pfn = "dicom://NOBODY@127.0.0.1:" + port + "/" + ct.studyUid() + "/" + ct.seriesUid() + "/"
                    + ct.sopInstanceUid();
            long t0 = System.nanoTime();
            MdmException e = assertThrows(MdmException.class, () -> h.stage(pfn));
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "failed within the 2 s connect timeout");
            assertEquals(Status.PEER_UNAVAILABLE, e.status());
            assertTrue(e.getMessage().contains("NOBODY@127.0.0.1:" + port), e.getMessage());
            assertSpoolEmpty(dir, h);
        }
    }

    @Test
    void seriesPfnAndUnknownTransformAreRefusedUpFront(SharedOrthanc.Fixture f, @TempDir Path dir)
            throws Exception {
        SampleImages.Sample ct = ct(f);
        try (PipelineHarness h = new PipelineHarness(dir, "100M", Map.of())) {
            String base = "dicom://" + f.orthanc().aet() + "@127.0.0.1:" + f.orthanc().dicomPort() + "/"
                    + ct.studyUid() + "/" + ct.seriesUid();
            MdmException series = assertThrows(MdmException.class, () -> h.stage(base));
            assertEquals(Status.INVALID_PATH, series.status());
            MdmException transform = assertThrows(MdmException.class,
                    () -> h.stage(base + "/" + ct.sopInstanceUid() + "?transform=raw"));
            assertEquals(Status.INVALID_PATH, transform.status());
            assertTrue(transform.getMessage().contains("raw"), transform.getMessage());
            assertEquals(0, h.retriever().stats().retrievals(), "nothing was asked of the DICOM server");
        }
    }

    private static byte[] stageAndEvict(PipelineHarness h, String pfn) throws Exception {
        StageResult result = h.stage(pfn);
        byte[] bytes;
        try (SpoolFile file = result.file()) {
            assertFalse(result.spoolHit());
            bytes = Files.readAllBytes(file.path());
        }
        assertTrue(h.spool.evict(result.file().key()));
        return bytes;
    }

    private static void assertSpoolEmpty(Path dir, PipelineHarness h) throws Exception {
        assertEquals(0, h.spool.list().size());
        assertEquals(0, h.spool.used());
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> left = files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(".lock")).toList();
            assertEquals(List.of(), left, "nothing partial is left in the spool");
        }
    }

    private static long size(SampleImages.Sample s) {
        try {
            return s.keptFile() == null ? 0 : Files.size(s.keptFile());
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static AttributeList read(byte[] part10) throws Exception {
        AttributeList list = new AttributeList();
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(part10))) {
            list.read(in);
        }
        return list;
    }
}
