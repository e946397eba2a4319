package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mdm.dicom.net.CancelSignal;
import org.mdm.dicom.net.PooledRetriever;
import org.mdm.dicom.net.RetrieveMethod;
import org.mdm.dicom.net.RetrievedInstance;
import org.mdm.dicom.net.RetrieverConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every sample Orthanc accepted comes back by C-GET and by C-MOVE, byte for byte what Orthanc
 * holds: the received data set must equal the data set of Orthanc's stored file
 * ({@code /instances/{id}/file}, REST used only as the reference), in the same transfer
 * syntax, and the whole Part 10 stream must parse with PixelMed. Comparing with Orthanc's copy
 * rather than the original file is deliberate: several originals share a UID, and dcmsend may
 * have decompressed one Orthanc refused; Orthanc's copy is the object a retrieval must return.
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
                .map(s -> DynamicTest.dynamicTest("C-GET " + s.label(), () -> check(byGet, s)));
    }

    @TestFactory
    Stream<DynamicTest> everySampleByCMove() {
        return fixture.samples().accepted().stream()
                .map(s -> DynamicTest.dynamicTest("C-MOVE " + s.label(), () -> check(byMove, s)));
    }

    private static void check(PooledRetriever r, SampleImages.Sample s) throws Exception {
        long t0 = System.nanoTime();
        RetrievedInstance got = r.fetchInstance(fixture.orthanc().node(), s.studyUid(), s.seriesUid(),
                s.sopInstanceUid(), TIMEOUT, CancelSignal.NEVER);
        long micros = (System.nanoTime() - t0) / 1000;
        LOG.debug("{}: {} bytes in {} us", s.label(), got.part10().length, micros);
        assertEquals(s.sopInstanceUid(), got.sopInstanceUid());
        assertEquals(s.sopClassUid(), got.sopClassUid());
        assertEquals(s.transferSyntaxUid(), got.transferSyntaxUid(), "transfer syntax (a change means transcoding)");
        byte[] expected = Part10Bytes.dataset(fixture.samples().storedFile(s));
        assertArrayEquals(expected, Part10Bytes.dataset(got.part10()), "data set bytes differ from Orthanc's copy");
        assertEquals(s.sopInstanceUid(), Part10Bytes.parseWithPixelMed(got.part10()));
    }
}
