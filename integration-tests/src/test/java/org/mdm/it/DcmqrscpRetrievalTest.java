package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mdm.dicom.deid.DeidOptions;
import org.mdm.dicom.deid.DeidTransform;
import org.mdm.dicom.net.CancelSignal;
import org.mdm.dicom.net.PooledRetriever;
import org.mdm.dicom.net.RetrieveMethod;
import org.mdm.dicom.net.RetrievedInstance;
import org.mdm.dicom.net.RetrieverConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dcmtk's dcmqrscp as a second DICOM server (issue 9): loaded by storescu with the very files
 * Orthanc holds, every object it accepted comes back by C-GET and by C-MOVE, and its
 * de-identified bytes are identical to those of the same object retrieved from Orthanc (its
 * content, when dcmqrscp converted a native object to another native syntax).
 * dcmqrscp sends an object over the first context it accepted for its class, so its compressed
 * objects reach MDM only through the retry on a dedicated association.
 */
@ExtendWith(SharedOrthanc.class)
class DcmqrscpRetrievalTest {
    private static final Logger LOG = LoggerFactory.getLogger(DcmqrscpRetrievalTest.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] SECRET = "dcmqrscp-and-orthanc-share-this-site-secret".getBytes(StandardCharsets.US_ASCII);
    private static SharedOrthanc.Fixture fixture;
    private static DcmqrscpServer dcmqrscp;
    private static PooledRetriever fromOrthanc;
    private static PooledRetriever byGet;
    private static PooledRetriever byMove;
    private static final Set<String> NATIVE = Set.of("1.2.840.10008.1.2", "1.2.840.10008.1.2.1",
            "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99");
    private static final Map<SampleImages.Sample, String> refused = new LinkedHashMap<>();
    private static final List<SampleImages.Sample> held = new ArrayList<>();

    @BeforeAll
    static void start(SharedOrthanc.Fixture f) throws Exception {
        fixture = f;
        int scpPort = OrthancServer.freePort();
        List<java.nio.file.Path> files = f.samples().accepted().stream().map(SampleImages.Sample::keptFile).toList();
        dcmqrscp = DcmqrscpServer.start(SharedOrthanc.Fixture.STORE_SCP_AET, scpPort, files);
        for (SampleImages.Sample s : f.samples().accepted()) {
            String why = dcmqrscp.store(s.keptFile());
            if (why == null) {
                held.add(s);
            } else {
                refused.put(s, why);
            }
        }
        LOG.info("dcmqrscp holds {} of {} samples; refused: {}", held.size(), f.samples().accepted().size(),
                refused.keySet().stream().map(SampleImages.Sample::label).toList());
        fromOrthanc = new PooledRetriever(RetrieverConfig.defaults());
        byGet = new PooledRetriever(RetrieverConfig.defaults());
        byMove = new PooledRetriever(RetrieverConfig.defaults().withDefaultMethod(RetrieveMethod.MOVE)
                .withStoreScp(SharedOrthanc.Fixture.STORE_SCP_AET, scpPort));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {fromOrthanc, byGet, byMove, dcmqrscp}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                LOG.warn("closing: {}", e.toString());
            }
        }
    }

    @Test
    void dcmqrscpHoldsMostSamples() {
        // storescu refuses what dcmtk cannot read (the deliberately broken files among them);
        // if far fewer arrive, loading is broken and the tests below would prove little.
        assertTrue(held.size() >= 80, held.size() + " held; refused: " + refused);
    }

    @TestFactory
    Stream<DynamicTest> everyHeldSampleByCGet() {
        return held.stream().map(s -> DynamicTest.dynamicTest("C-GET " + s.label(), () -> check(byGet, s)));
    }

    @TestFactory
    Stream<DynamicTest> everyHeldSampleByCMove() {
        return held.stream().map(s -> DynamicTest.dynamicTest("C-MOVE " + s.label(), () -> check(byMove, s)));
    }

    /**
     * Whole series by C-GET and by C-MOVE: every instance dcmqrscp holds arrives, the compressed
     * ones through the single-syntax retry (its C-FIND does not tell their class).
     */
    @TestFactory
    Stream<DynamicTest> everyHeldSeriesByBothMethods() {
        Map<String, List<SampleImages.Sample>> bySeries = new java.util.TreeMap<>();
        held.forEach(s -> bySeries.computeIfAbsent(s.seriesUid(), k -> new ArrayList<>()).add(s));
        List<DynamicTest> tests = new ArrayList<>();
        bySeries.forEach((series, samples) -> {
            for (PooledRetriever r : List.of(byGet, byMove)) {
                tests.add(DynamicTest.dynamicTest((r == byGet ? "C-GET " : "C-MOVE ") + samples.get(0).label()
                        + " and its series", () -> checkSeries(r, samples)));
            }
        });
        return tests.stream();
    }

    private static void checkSeries(PooledRetriever r, List<SampleImages.Sample> samples) throws Exception {
        SampleImages.Sample first = samples.get(0);
        Set<String> got = java.util.concurrent.ConcurrentHashMap.newKeySet();
        r.fetchSeries(dcmqrscp.node(), first.studyUid(), first.seriesUid(), TIMEOUT, CancelSignal.NEVER,
                i -> got.add(i.sopInstanceUid()));
        for (SampleImages.Sample s : samples) {
            assertTrue(got.contains(s.sopInstanceUid()), s.label() + " missing from its series");
        }
    }

    private static void check(PooledRetriever r, SampleImages.Sample s) throws Exception {
        RetrievedInstance got = r.fetchInstance(dcmqrscp.node(), s.studyUid(), s.seriesUid(), s.sopInstanceUid(),
                TIMEOUT, CancelSignal.NEVER);
        assertEquals(s.sopInstanceUid(), got.sopInstanceUid(), s.label());
        RetrievedInstance reference = fromOrthanc.fetchInstance(fixture.orthanc().node(), s.studyUid(),
                s.seriesUid(), s.sopInstanceUid(), TIMEOUT, CancelSignal.NEVER);
        byte[] expected = deidentified(reference.part10());
        byte[] actual = deidentified(got.part10());
        if (reference.transferSyntaxUid().equals(got.transferSyntaxUid())) {
            assertArrayEquals(expected, actual, s.label() + ": de-identified bytes differ between Orthanc and dcmqrscp");
            return;
        }
        // dcmqrscp converts a native object to the native syntax of the first context it accepted
        // for the class (Orthanc sends it as stored): the same content in another encoding. A
        // compressed object must never arrive converted.
        assertTrue(NATIVE.contains(reference.transferSyntaxUid()) && NATIVE.contains(got.transferSyntaxUid()),
                s.label() + ": sent in " + got.transferSyntaxUid() + ", stored in " + reference.transferSyntaxUid());
        assertEquals(withoutPixelData(expected), withoutPixelData(actual),
                s.label() + ": de-identified content differs from Orthanc's");
        byte[] a = pixelBytes(expected);
        byte[] b = pixelBytes(actual);
        // Implicit VR makes 8-bit pixel data OW and an odd length gains a pad byte: same pixels.
        assertTrue(Math.abs(a.length - b.length) <= 1 && java.util.Arrays.equals(a, 0, Math.min(a.length, b.length), b, 0,
                Math.min(a.length, b.length)), s.label() + ": pixel data differs from Orthanc's");
    }

    /** The content lines without Pixel Data (compared as bytes). Holds patient-free de-identified values only. */
    private static List<String> withoutPixelData(byte[] part10) throws Exception {
        AttributeList list = read(part10);
        list.remove(TagFromName.PixelData);
        return DatasetContent.lines(list);
    }

    /** The pixel data as little-endian bytes, whatever its VR and the object's byte order. */
    private static byte[] pixelBytes(byte[] part10) throws Exception {
        Attribute pixels = read(part10).get(TagFromName.PixelData);
        return pixels == null ? new byte[0] : pixels.getByteValues(false);
    }

    private static AttributeList read(byte[] part10) throws Exception {
        AttributeList list = new AttributeList();
        list.setDecompressPixelData(false);
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(part10))) {
            list.read(in);
        }
        return list;
    }

    static byte[] deidentified(byte[] part10) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new DeidTransform(SECRET, DeidOptions.DEFAULT).apply(new ByteArrayInputStream(part10), out, "sample");
        return out.toByteArray();
    }
}
