package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.dicom.net.CancelSignal;
import org.mdm.dicom.net.DicomNode;
import org.mdm.dicom.net.PooledRetriever;
import org.mdm.dicom.net.RetrieveMethod;
import org.mdm.dicom.net.RetrieverConfig;
import org.mdm.dicom.net.RetrieverStats;

/** Bad input and bad peers: each failure maps to its status, in bounded time, naming server and UID. */
@ExtendWith(SharedOrthanc.class)
class RetrievalFailureTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private static final String UNKNOWN_UID = "1.2.3.4.5.6.7.8.9";
    private static SharedOrthanc.Fixture fixture;
    private static DicomNode node;
    private static SampleImages.Sample ct;

    @BeforeAll
    static void setUp(SharedOrthanc.Fixture f) {
        fixture = f;
        node = f.orthanc().node();
        ct = f.samples().accepted().stream()
                .filter(s -> s.sopClassUid().equals(MisbehavingGetScp.CT) && s.transferSyntaxUid().equals("1.2.840.10008.1.2.1"))
                .findFirst().orElseThrow();
    }

    private static MdmException fetchFails(PooledRetriever r, DicomNode n, String uid) {
        return assertThrows(MdmException.class,
                () -> r.fetchInstance(n, ct.studyUid(), ct.seriesUid(), uid, TIMEOUT, CancelSignal.NEVER));
    }

    @Test
    void unknownInstanceIsNotFoundByGetAndMove() throws Exception {
        try (PooledRetriever get = new PooledRetriever(RetrieverConfig.defaults());
                PooledRetriever move = new PooledRetriever(RetrieverConfig.defaults()
                        .withDefaultMethod(RetrieveMethod.MOVE)
                        .withStoreScp(SharedOrthanc.Fixture.STORE_SCP_AET, fixture.storeScpPort()))) {
            for (PooledRetriever r : List.of(get, move)) {
                MdmException e = fetchFails(r, node, UNKNOWN_UID);
                assertEquals(Status.NOT_FOUND, e.status(), e.getMessage());
                assertTrue(e.getMessage().contains("SOP instance " + UNKNOWN_UID + " not found on " + node), e.getMessage());
                assertTrue(e.getMessage().contains("ORTHANC@127.0.0.1:" + fixture.orthanc().dicomPort()));
            }
            // a NOT_FOUND leaves the association healthy
            assertEquals(1, get.stats(node).idle());
        }
    }

    @Test
    void serverDownIsPeerUnavailableWithinTheConnectTimeout() throws Exception {
        DicomNode down = new DicomNode("NOBODY", "127.0.0.1", OrthancServer.freePort());
        try (PooledRetriever r = new PooledRetriever(RetrieverConfig.defaults().withConnectTimeout(Duration.ofSeconds(2)))) {
            long t0 = System.nanoTime();
            MdmException e = fetchFails(r, down, ct.sopInstanceUid());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(Status.PEER_UNAVAILABLE, e.status(), e.getMessage());
            assertTrue(ms < 2000, "took " + ms + " ms");
            assertTrue(e.getMessage().contains(down.toString()) && e.getMessage().contains("Check"), e.getMessage());
            assertTrue(e.getMessage().contains(ct.sopInstanceUid()), e.getMessage());
        }
    }

    @Test
    void refusedAssociationIsPeerUnavailable() throws Exception {
        try (OrthancServer strict = OrthancServer.builder().aet("STRICT").checkCalledAet(true).start();
                PooledRetriever r = new PooledRetriever(RetrieverConfig.defaults())) {
            DicomNode wrongAet = new DicomNode("WRONG", "127.0.0.1", strict.dicomPort());
            long t0 = System.nanoTime();
            MdmException e = fetchFails(r, wrongAet, ct.sopInstanceUid());
            assertEquals(Status.PEER_UNAVAILABLE, e.status(), e.getMessage());
            assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(5).toNanos());
            assertTrue(e.getMessage().contains("rejected the association") && e.getMessage().contains("WRONG@"),
                    e.getMessage());
            r.echo(strict.node(), TIMEOUT); // the right AE title is accepted: the refusal was about the AET
        }
    }

    @Test
    void silentServerTimesOutWithinTheReadTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0);
                PooledRetriever r = new PooledRetriever(RetrieverConfig.defaults().withReadTimeout(Duration.ofSeconds(1)))) {
            List<Socket> accepted = new CopyOnWriteArrayList<>();
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // accept, never answer
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            });
            t.setDaemon(true);
            t.start();
            long t0 = System.nanoTime();
            MdmException e = fetchFails(r, new DicomNode("SILENT", "127.0.0.1", silent.getLocalPort()), ct.sopInstanceUid());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(Status.TIMEOUT, e.status(), e.getMessage());
            assertTrue(ms >= 900 && ms < 3000, "took " + ms + " ms");
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    @Test
    void overallTimeoutAbortsASlowSeries() throws Exception {
        try (PooledRetriever r = new PooledRetriever(RetrieverConfig.defaults())) {
            SampleImages.Sample s = fixture.samples().largestSeries().get(0);
            long t0 = System.nanoTime();
            MdmException e = assertThrows(MdmException.class, () -> r.fetchSeries(node, s.studyUid(), s.seriesUid(),
                    Duration.ofMillis(500), CancelSignal.NEVER, i -> sleep(100)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(Status.TIMEOUT, e.status(), e.getMessage());
            assertTrue(ms < 1500, "took " + ms + " ms");
            assertHealthyAfterwards(r);
        }
    }

    @Test
    void cancelMidSeriesAbortsAndLeavesThePoolHealthy() throws Exception {
        try (PooledRetriever r = new PooledRetriever(RetrieverConfig.defaults())) {
            SampleImages.Sample s = fixture.samples().largestSeries().get(0);
            TestCancel cancel = new TestCancel();
            List<String> got = new ArrayList<>();
            MdmException e = assertThrows(MdmException.class, () -> r.fetchSeries(node, s.studyUid(), s.seriesUid(),
                    TIMEOUT, cancel, i -> {
                        got.add(i.sopInstanceUid());
                        if (got.size() == 3) {
                            cancel.cancel(); // from the sink: certainly mid-retrieval
                        }
                    }));
            assertEquals(Status.CANCELLED, e.status(), e.getMessage());
            assertTrue(got.size() >= 3 && got.size() < fixture.samples().largestSeries().size(), "got " + got.size());
            assertHealthyAfterwards(r);
        }
    }

    @Test
    void alreadyCancelledFailsAtOnce() throws Exception {
        try (PooledRetriever r = new PooledRetriever(RetrieverConfig.defaults())) {
            TestCancel cancel = new TestCancel();
            cancel.cancel();
            MdmException e = assertThrows(MdmException.class, () -> r.fetchInstance(node, ct.studyUid(), ct.seriesUid(),
                    ct.sopInstanceUid(), TIMEOUT, cancel));
            assertEquals(Status.CANCELLED, e.status());
        }
    }

    private static void assertHealthyAfterwards(PooledRetriever r) throws MdmException {
        RetrieverStats stats = r.stats(node);
        assertEquals(0, stats.active(), "the aborted association must not stay borrowed");
        assertEquals(ct.sopInstanceUid(), r.fetchInstance(node, ct.studyUid(), ct.seriesUid(), ct.sopInstanceUid(),
                TIMEOUT, CancelSignal.NEVER).sopInstanceUid());
    }

    @Test
    void truncatedObjectIsCorruptData() throws Exception {
        byte[] dataset = Part10Bytes.dataset(fixture.samples().storedFile(ct));
        // cut inside the pixel data, as a dropped connection or a full disk would
        assertCorrupt(ct.sopInstanceUid(), Arrays.copyOf(dataset, dataset.length - 100), "truncated");
    }

    @Test
    void nonDicomObjectIsCorruptData() throws Exception {
        byte[] text = "This is a plain text file, not a DICOM data set at all.\n".repeat(20)
                .getBytes(StandardCharsets.US_ASCII);
        assertCorrupt(ct.sopInstanceUid(), text, "not DICOM");
    }

    @Test
    void objectWithAnotherUidIsCorruptData() throws Exception {
        // a complete, valid object, but not the one asked for; its UID is a hospital UID the
        // user did not type, so the message does not carry it (issue 9)
        try (MisbehavingGetScp peer = new MisbehavingGetScp(ct.sopInstanceUid(),
                Part10Bytes.dataset(fixture.samples().storedFile(ct)))) {
            String message = assertCorruptFrom(peer, UNKNOWN_UID, "it sent another SOP instance");
            assertFalse(message.contains(ct.sopInstanceUid()), message);
        }
    }

    @Test
    void anAssociationThatBreaksMidObjectSaysHowWithoutANull() throws Exception {
        try (MisbehavingGetScp peer = MisbehavingGetScp.breakingMidObject(ct.sopInstanceUid(),
                Part10Bytes.dataset(fixture.samples().storedFile(ct)));
                PooledRetriever r = new PooledRetriever(RetrieverConfig.defaults())) {
            DicomNode bad = new DicomNode("BREAKS", "127.0.0.1", peer.port());
            MdmException e = assertThrows(MdmException.class, () -> r.fetchInstance(bad, ct.studyUid(),
                    ct.seriesUid(), ct.sopInstanceUid(), TIMEOUT, CancelSignal.NEVER));
            assertEquals(Status.PEER_UNAVAILABLE, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains("the association broke") && e.getMessage().contains(bad.toString()),
                    e.getMessage());
            assertTrue(!e.getMessage().contains("null"), "every part of the message has a cause: " + e.getMessage());
            assertTrue(e.getMessage().contains("the peer closed the connection"), e.getMessage());
        }
    }

    /** The peer announces the requested UID and sends {@code payload}. */
    private static void assertCorrupt(String requested, byte[] payload, String messagePart) throws Exception {
        try (MisbehavingGetScp peer = new MisbehavingGetScp(requested, payload)) {
            assertCorruptFrom(peer, requested, messagePart);
        }
    }

    /** Asserts the failure and returns its message. */
    private static String assertCorruptFrom(MisbehavingGetScp peer, String requested, String messagePart)
            throws Exception {
        try (PooledRetriever r = new PooledRetriever(RetrieverConfig.defaults())) {
            DicomNode bad = new DicomNode("BADPEER", "127.0.0.1", peer.port());
            MdmException e = assertThrows(MdmException.class, () -> r.fetchInstance(bad, ct.studyUid(), ct.seriesUid(),
                    requested, TIMEOUT, CancelSignal.NEVER));
            assertEquals(Status.CORRUPT_DATA, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains(bad.toString()) && e.getMessage().contains(requested), e.getMessage());
            assertTrue(e.getMessage().contains(messagePart), e.getMessage());
            return e.getMessage();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A cancel signal the test fires. */
    private static final class TestCancel implements CancelSignal {
        private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
        private volatile boolean cancelled;

        void cancel() {
            cancelled = true;
            hooks.forEach(Runnable::run);
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public void onCancel(Runnable hook) {
            hooks.add(hook);
            if (cancelled) {
                hook.run();
            }
        }
    }
}
