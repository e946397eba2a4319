package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.dicom.net.CancelSignal;
import org.mdm.dicom.net.GetContexts;
import org.mdm.dicom.net.PooledRetriever;
import org.mdm.dicom.net.RetrieveMethod;
import org.mdm.dicom.net.RetrievedInstance;
import org.mdm.dicom.net.RetrieverConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every sample Orthanc accepted comes back by C-GET and by C-MOVE as Orthanc holds it
 * ({@code /instances/{id}/file}, REST used only as the reference): in the same transfer syntax
 * (no transcoding), with byte-identical pixel data, the same attributes and values
 * ({@link DatasetContent}: Orthanc's sender re-lays-out the data set, so whole-data-set bytes are
 * not comparable for files that were not written by dcmtk), and a Part 10 stream PixelMed parses. Orthanc holds each sample file's
 * exact bytes in the file's own transfer syntax (implicit and big endian, deflated, RLE, JPEG,
 * JPEG-LS, JPEG 2000: see {@link SampleLoadingTest}), so this is where our presentation contexts
 * must let the server send every encoding unchanged.
 */
@ExtendWith(SharedOrthanc.class)
class RetrieveAllSamplesTest {
    private static final Logger LOG = LoggerFactory.getLogger(RetrieveAllSamplesTest.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static SharedOrthanc.Fixture fixture;
    private static PooledRetriever byGet;
    private static PooledRetriever byMove;

    @BeforeAll
    static void start(SharedOrthanc.Fixture f) throws Exception {
        fixture = f;
        byGet = new PooledRetriever(RetrieverConfig.defaults());
        byMove = new PooledRetriever(RetrieverConfig.defaults().withDefaultMethod(RetrieveMethod.MOVE)
                .withStoreScp(SharedOrthanc.Fixture.STORE_SCP_AET, f.storeScpPort()));
    }

    @AfterAll
    static void stop() {
        if (byGet != null) {
            byGet.close();
        }
        if (byMove != null) {
            byMove.close();
        }
    }

    @Test
    void orthancHoldsTheSamples() {
        LOG.info(fixture.samples().summary());
        // ~75 pydicom files, shared UIDs and deliberately broken files included: if far fewer
        // arrive, loading is broken and the tests below would prove little.
        assertTrue(fixture.samples().accepted().size() >= 90, fixture.samples().summary());
    }

    @TestFactory
    Stream<DynamicTest> everySampleByCGet() {
        return fixture.samples().accepted().stream()
                .map(s -> DynamicTest.dynamicTest("C-GET " + s.label(), () -> checkGet(s)));
    }

    /**
     * C-GET returns every sample as stored, including those the shared association cannot carry
     * unchanged: a SOP class it does not propose (RT Ion Plan), and classes it proposes in a
     * single context listing the native syntaxes ({@link GetContexts#singleContext}, which Orthanc
     * would transcode to explicit little endian), come by the fallback on an association dedicated
     * to their class. The one limit left is asserted rather than hidden: a file that encodes its
     * SOP Class UID with VR UN (rtdose_rle*.dcm), so Orthanc (dcmtk) cannot tell its class when
     * sending by C-GET (C-MOVE works because Orthanc then proposes the class from its index); the
     * retriever must fail with its clear error naming the presentation contexts and C-MOVE.
     */
    private static void checkGet(SampleImages.Sample s) throws Exception {
        if (SampleFileFacts.sopClassUidIsUn(s.keptFile())) {
            MdmException e = assertThrows(MdmException.class, () -> byGet.fetchInstance(fixture.orthanc().node(),
                    s.studyUid(), s.seriesUid(), s.sopInstanceUid(), TIMEOUT, CancelSignal.NEVER), s.label());
            assertEquals(Status.NOT_SUPPORTED, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains(s.sopInstanceUid()) && e.getMessage().contains("presentation contexts")
                    && e.getMessage().contains("C-MOVE"), e.getMessage());
            return;
        }
        check(byGet, s);
    }

    @TestFactory
    Stream<DynamicTest> everySampleByCMove() {
        return fixture.samples().accepted().stream()
                .map(s -> DynamicTest.dynamicTest("C-MOVE " + s.label(), () -> check(byMove, s)));
    }

    private static void check(PooledRetriever r, SampleImages.Sample s) throws Exception {
        check(r, s, s.transferSyntaxUid());
    }

    private static void check(PooledRetriever r, SampleImages.Sample s, String expectedTs) throws Exception {
        long t0 = System.nanoTime();
        RetrievedInstance got = r.fetchInstance(fixture.orthanc().node(), s.studyUid(), s.seriesUid(),
                s.sopInstanceUid(), TIMEOUT, CancelSignal.NEVER);
        long micros = (System.nanoTime() - t0) / 1000;
        LOG.debug("{}: {} bytes in {} us", s.label(), got.part10().length, micros);
        assertEquals(s.sopInstanceUid(), got.sopInstanceUid(), s.label());
        assertEquals(s.sopClassUid(), got.sopClassUid(), s.label());
        assertEquals(expectedTs, got.transferSyntaxUid(), s.label() + ": transfer syntax (a change means transcoding)");
        byte[] stored = fixture.samples().storedFile(s);
        List<byte[]> expectedPixels = SampleFileFacts.pixelDataFragments(stored, s.transferSyntaxUid());
        List<byte[]> gotPixels = SampleFileFacts.pixelDataFragments(got.part10(), got.transferSyntaxUid());
        assertEquals(expectedPixels.size(), gotPixels.size(), s.label() + ": pixel data fragment count");
        for (int i = 0; i < expectedPixels.size(); i++) {
            assertArrayEquals(expectedPixels.get(i), gotPixels.get(i), s.label() + ": pixel data bytes (fragment " + i
                    + ") differ from Orthanc's copy");
        }
        String diff = DatasetContent.firstDifference(stored, got.part10());
        assertNull(diff, () -> s.label() + ": content differs from Orthanc's copy at " + diff);
        assertEquals(s.sopInstanceUid(), Part10Bytes.parseWithPixelMed(got.part10()));
    }
}
