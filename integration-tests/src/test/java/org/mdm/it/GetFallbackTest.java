package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mdm.dicom.net.CancelSignal;
import org.mdm.dicom.net.GetContexts;
import org.mdm.dicom.net.PooledRetriever;
import org.mdm.dicom.net.RetrievedInstance;
import org.mdm.dicom.net.RetrieverConfig;
import org.mdm.dicom.net.RetrieverStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The C-GET fallback's costs, counted: the fast path (a class the shared association proposes
 * in several contexts) sends no C-FIND and opens no dedicated association; a class it does not
 * propose costs one C-FIND and a C-GET on an association dedicated to the class, opened per use
 * and not kept idle (it would hold one of the server's few association workers);
 * a single-context class costs a second C-GET but no C-FIND (the class came with the object).
 */
@ExtendWith(SharedOrthanc.class)
class GetFallbackTest {
    private static final Logger LOG = LoggerFactory.getLogger(GetFallbackTest.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String CT = "1.2.840.10008.5.1.4.1.1.2";
    private static final String IMPLICIT_LE = "1.2.840.10008.1.2";

    @Test
    void fastPathSendsNoCFindAndTheFallbackDoes(SharedOrthanc.Fixture f) throws Exception {
        SampleImages.Sample ct = first(f, s -> s.sopClassUid().equals(CT));
        SampleImages.Sample unproposed = first(f, s -> !GetContexts.proposes(s.sopClassUid()) && !unClass(s));
        SampleImages.Sample single = first(f, s -> GetContexts.singleContext(s.sopClassUid())
                && s.transferSyntaxUid().equals(IMPLICIT_LE));
        try (PooledRetriever r = new PooledRetriever(RetrieverConfig.defaults())) {
            long fast = fetch(f, r, ct);
            RetrieverStats afterFast = r.stats();
            assertEquals(1, afterFast.retrievals());
            assertEquals(0, afterFast.classQueries(), "the fast path sends no C-FIND");
            assertEquals(0, afterFast.dedicatedRetrievals());
            assertEquals(0, afterFast.dedicatedOpened());
            long fastWarm = fetch(f, r, ct);

            long fallback = fetch(f, r, unproposed);
            RetrieverStats afterFallback = r.stats();
            assertEquals(1, afterFallback.classQueries(), "one C-FIND to learn the class");
            assertEquals(1, afterFallback.dedicatedRetrievals());
            assertEquals(1, afterFallback.dedicatedOpened());
            assertEquals(3 + 1, afterFallback.retrievals(), "failed shared C-GET + dedicated C-GET");
            long fallbackWarm = fetch(f, r, unproposed);
            assertEquals(2, r.stats().dedicatedOpened(), "dedicated associations are opened per use");
            assertEquals(2, r.stats().classQueries());

            long singleMicros = fetch(f, r, single);
            RetrieverStats afterSingle = r.stats();
            assertEquals(2, afterSingle.classQueries(), "the class came with the object: no C-FIND");
            assertEquals(3, afterSingle.dedicatedRetrievals());
            LOG.info("C-GET one instance (us): fast path cold {} warm {}; unproposed class (C-FIND + dedicated)"
                    + " cold {} warm {}; single-context class (twice) cold {}", fast, fastWarm, fallback, fallbackWarm,
                    singleMicros);
        }
    }

    /**
     * Every series whose objects Orthanc can send by C-GET comes whole, in stored syntax except
     * single-context classes (kept as the series C-GET delivered them); the series holding an
     * unproposed class costs one C-FIND listing it, the others none.
     */
    @Test
    void everySeriesComesWholeByCGet(SharedOrthanc.Fixture f) throws Exception {
        try (PooledRetriever r = new PooledRetriever(RetrieverConfig.defaults())) {
            long queries = 0;
            for (List<SampleImages.Sample> series : f.samples().bySeries().values()) {
                if (series.stream().anyMatch(GetFallbackTest::unClass)) {
                    continue; // the UN-class case keeps its NOT_SUPPORTED error (RetrieveAllSamplesTest)
                }
                SampleImages.Sample s0 = series.get(0);
                Map<String, RetrievedInstance> got = new ConcurrentHashMap<>();
                int n = r.fetchSeries(f.orthanc().node(), s0.studyUid(), s0.seriesUid(), TIMEOUT, CancelSignal.NEVER,
                        i -> got.put(i.sopInstanceUid(), i));
                assertEquals(series.size(), n, s0.label());
                for (SampleImages.Sample s : series) {
                    RetrievedInstance i = got.get(s.sopInstanceUid());
                    assertEquals(s.sopClassUid(), i.sopClassUid(), s.label());
                    if (!GetContexts.singleContext(s.sopClassUid())) {
                        assertEquals(s.transferSyntaxUid(), i.transferSyntaxUid(), s.label() + ": sent as stored");
                    }
                }
                if (series.stream().anyMatch(s -> !GetContexts.proposes(s.sopClassUid()))) {
                    queries++;
                }
                assertEquals(queries, r.stats().classQueries(), s0.label() + ": C-FINDs only for unproposed classes");
            }
            assertTrue(queries > 0, "the samples hold a series of an unproposed class");
        }
    }

    private static long fetch(SharedOrthanc.Fixture f, PooledRetriever r, SampleImages.Sample s) throws Exception {
        long t0 = System.nanoTime();
        RetrievedInstance got = r.fetchInstance(f.orthanc().node(), s.studyUid(), s.seriesUid(), s.sopInstanceUid(),
                TIMEOUT, CancelSignal.NEVER);
        long micros = (System.nanoTime() - t0) / 1000;
        assertEquals(s.sopInstanceUid(), got.sopInstanceUid());
        assertEquals(s.sopClassUid(), got.sopClassUid());
        assertEquals(s.transferSyntaxUid(), got.transferSyntaxUid(), s.label() + ": sent as stored");
        return micros;
    }

    private static SampleImages.Sample first(SharedOrthanc.Fixture f, Predicate<SampleImages.Sample> p) {
        List<SampleImages.Sample> found = f.samples().accepted().stream().filter(p).toList();
        assertFalse(found.isEmpty(), "the samples hold such an object");
        return found.get(0);
    }

    private static boolean unClass(SampleImages.Sample s) {
        try {
            return SampleFileFacts.sopClassUidIsUn(s.keptFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
