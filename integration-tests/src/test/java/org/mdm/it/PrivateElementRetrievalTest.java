package org.mdm.it;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.transform.TransformReport;
import org.mdm.dicom.deid.DeidOptions;
import org.mdm.dicom.deid.DeidTransform;
import org.mdm.dicom.net.CancelSignal;
import org.mdm.dicom.net.DicomNode;
import org.mdm.dicom.net.PooledRetriever;
import org.mdm.dicom.net.RetrieveMethod;
import org.mdm.dicom.net.RetrievedInstance;
import org.mdm.dicom.net.RetrieverConfig;
import org.mdm.dicom.testing.PrivateElementObjects;

/**
 * Issue 9's regression, end to end: real samples given private elements (texts, numbers, a
 * private sequence) and unknown public ones by dcmodify, in implicit VR (where every reader but
 * dcmtk with our dictionary sees UN), explicit VR little and big endian, and with
 * undefined-length sequences, are stored in Orthanc and in dcmqrscp, retrieved by C-GET and by
 * C-MOVE, and de-identified: nothing private remains at any depth, every private value is in the
 * erased-value report.
 */
class PrivateElementRetrievalTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] SECRET = "private-element-regression-site-secret".getBytes(StandardCharsets.US_ASCII);
    private static final String SCP_AET = "MDMSCP";
    @TempDir
    static Path dir;
    private static final List<AutoCloseable> open = new ArrayList<>();
    private static List<PrivateElementObjects.Made> made;
    private static OrthancServer orthanc;
    private static DcmqrscpServer dcmqrscp;
    private static PooledRetriever byGet;
    private static PooledRetriever orthancByMove;
    private static PooledRetriever dcmqrscpByMove;

    @BeforeAll
    static void start() throws Exception {
        made = PrivateElementObjects.make(dir);
        List<Path> files = made.stream().map(PrivateElementObjects.Made::file).toList();
        int orthancScp = OrthancServer.freePort();
        int dcmqrscpScp = OrthancServer.freePort();
        orthanc = keep(OrthancServer.builder().moveDestination(SCP_AET, orthancScp).start());
        dcmqrscp = keep(DcmqrscpServer.start(SCP_AET, dcmqrscpScp, files));
        for (Path f : files) {
            OrthancServer.Upload u = orthanc.upload(f);
            assertTrue(u.stored(), f.getFileName() + ": Orthanc " + u.error());
            assertNull(dcmqrscp.store(f), f.getFileName() + ": storescu failed");
        }
        byGet = keep(new PooledRetriever(RetrieverConfig.defaults()));
        orthancByMove = keep(new PooledRetriever(RetrieverConfig.defaults().withDefaultMethod(RetrieveMethod.MOVE)
                .withStoreScp(SCP_AET, orthancScp)));
        dcmqrscpByMove = keep(new PooledRetriever(RetrieverConfig.defaults().withDefaultMethod(RetrieveMethod.MOVE)
                .withStoreScp(SCP_AET, dcmqrscpScp)));
    }

    private static <T extends AutoCloseable> T keep(T c) {
        open.add(0, c);
        return c;
    }

    @AfterAll
    static void stop() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> privateElementsNeverLeaveEitherServerByEitherMethod() {
        List<DynamicTest> tests = new ArrayList<>();
        for (PrivateElementObjects.Made m : made) {
            tests.add(DynamicTest.dynamicTest("Orthanc C-GET " + m.label(), () -> check(byGet, orthanc.node(), m)));
            tests.add(DynamicTest.dynamicTest("Orthanc C-MOVE " + m.label(),
                    () -> check(orthancByMove, orthanc.node(), m)));
            tests.add(DynamicTest.dynamicTest("dcmqrscp C-GET " + m.label(), () -> check(byGet, dcmqrscp.node(), m)));
            tests.add(DynamicTest.dynamicTest("dcmqrscp C-MOVE " + m.label(),
                    () -> check(dcmqrscpByMove, dcmqrscp.node(), m)));
        }
        return tests.stream();
    }

    private static void check(PooledRetriever r, DicomNode node, PrivateElementObjects.Made m) throws Exception {
        AttributeList ids = new AttributeList();
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(Files.readAllBytes(m.file())))) {
            ids.read(in, TagFromName.PixelData);
        }
        String sop = Attribute.getSingleStringValueOrEmptyString(ids, TagFromName.SOPInstanceUID);
        RetrievedInstance got = r.fetchInstance(node, Attribute.getSingleStringValueOrEmptyString(ids,
                TagFromName.StudyInstanceUID), Attribute.getSingleStringValueOrEmptyString(ids,
                TagFromName.SeriesInstanceUID), sop, TIMEOUT, CancelSignal.NEVER);
        assertEquals(sop, got.sopInstanceUid(), m.label());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TransformReport report = new DeidTransform(SECRET, DeidOptions.DEFAULT).apply(
                new ByteArrayInputStream(got.part10()), out, m.label());
        PrivateElementObjects.assertDeidentified(out.toByteArray(), report.erased());
    }
}
