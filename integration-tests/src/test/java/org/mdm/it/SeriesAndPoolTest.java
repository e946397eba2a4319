package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mdm.dicom.net.CancelSignal;
import org.mdm.dicom.net.DicomNode;
import org.mdm.dicom.net.PooledRetriever;
import org.mdm.dicom.net.RetrieveMethod;
import org.mdm.dicom.net.RetrievedInstance;
import org.mdm.dicom.net.RetrieverConfig;
import org.mdm.dicom.net.RetrieverStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Series retrieval over one association, and association reuse by the pool. */
@ExtendWith(SharedOrthanc.class)
class SeriesAndPoolTest {
    private static final Logger LOG = LoggerFactory.getLogger(SeriesAndPoolTest.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static SharedOrthanc.Fixture fixture;
    private static DicomNode node;
    private static List<SampleImages.Sample> series;

    @BeforeAll
    static void setUp(SharedOrthanc.Fixture f) {
        fixture = f;
        node = f.orthanc().node();
        series = f.samples().largestSeries();
        assertTrue(series.size() >= 10, "the largest sample series should have at least 10 instances");
    }

    private static Set<String> expectedUids() {
        return series.stream().map(SampleImages.Sample::sopInstanceUid).collect(Collectors.toSet());
    }

    @Test
    void seriesByCGetArrivesWholeOverOneAssociation() throws Exception {
        try (PooledRetriever r = new PooledRetriever(RetrieverConfig.defaults())) {
            Set<String> got = ConcurrentHashMap.newKeySet();
            long t0 = System.nanoTime();
            int n = r.fetchSeries(node, series.get(0).studyUid(), series.get(0).seriesUid(), TIMEOUT,
                    CancelSignal.NEVER, i -> got.add(i.sopInstanceUid()));
            LOG.info("C-GET series of {} instances in {} ms", n, (System.nanoTime() - t0) / 1_000_000);
            assertEquals(series.size(), n);
            assertEquals(expectedUids(), got);
            assertEquals(1, r.stats(node).associationsOpened(), "a series must travel over one association");
        }
    }

    @Test
    void seriesByCMoveArrivesWhole() throws Exception {
        try (PooledRetriever r = new PooledRetriever(RetrieverConfig.defaults().withDefaultMethod(RetrieveMethod.MOVE)
                .withStoreScp(SharedOrthanc.Fixture.STORE_SCP_AET, fixture.storeScpPort()))) {
            Set<String> got = ConcurrentHashMap.newKeySet();
            long t0 = System.nanoTime();
            int n = r.fetchSeries(node, series.get(0).studyUid(), series.get(0).seriesUid(), TIMEOUT,
                    CancelSignal.NEVER, i -> got.add(i.sopInstanceUid()));
            LOG.info("C-MOVE series of {} instances in {} ms", n, (System.nanoTime() - t0) / 1_000_000);
            assertEquals(series.size(), n);
            assertEquals(expectedUids(), got);
        }
    }

    @Test
    void twentySequentialFetchesReuseOneAssociation() throws Exception {
        try (PooledRetriever r = new PooledRetriever(RetrieverConfig.defaults())) {
            long[] micros = new long[20];
            for (int k = 0; k < 20; k++) {
                SampleImages.Sample s = series.get(k % series.size());
                long t0 = System.nanoTime();
                RetrievedInstance i = r.fetchInstance(node, s.studyUid(), s.seriesUid(), s.sopInstanceUid(), TIMEOUT,
                        CancelSignal.NEVER);
                micros[k] = (System.nanoTime() - t0) / 1000;
                assertEquals(s.sopInstanceUid(), i.sopInstanceUid());
            }
            LOG.info("single-image C-GET: first {} us (association setup), then median {} us",
                    micros[0], java.util.Arrays.stream(micros, 1, 20).sorted().toArray()[9]);
            RetrieverStats stats = r.stats(node);
            assertEquals(1, stats.associationsOpened(), "sequential fetches must reuse the pooled association");
            assertEquals(0, stats.active());
            assertEquals(1, stats.idle());
        }
    }

    @Test
    void concurrentFetchesStayWithinThePoolBound() throws Exception {
        int max = 2;
        try (PooledRetriever r = new PooledRetriever(RetrieverConfig.defaults().withMaxAssociationsPerNode(max))) {
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<String>> futures = new ArrayList<>();
                for (int k = 0; k < 30; k++) {
                    SampleImages.Sample s = series.get(k % series.size());
                    futures.add(pool.submit(() -> r.fetchInstance(node, s.studyUid(), s.seriesUid(), s.sopInstanceUid(),
                            TIMEOUT, CancelSignal.NEVER).sopInstanceUid()));
                }
                for (int k = 0; k < futures.size(); k++) {
                    assertEquals(series.get(k % series.size()).sopInstanceUid(), futures.get(k).get());
                }
            } finally {
                pool.shutdownNow();
            }
            long opened = r.stats(node).associationsOpened();
            assertTrue(opened >= 1 && opened <= max, "opened " + opened + " associations, bound is " + max);
        }
    }
}
