package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.dicom.net.CancelSignal;
import org.mdm.dicom.net.DicomNode;
import org.mdm.dicom.net.PooledRetriever;
import org.mdm.dicom.net.RetrievedInstance;
import org.mdm.dicom.net.RetrieverConfig;
import org.mdm.dicom.net.StoreScu;

/**
 * Registration's C-STORE against a real Orthanc: objects of several classes and transfer syntaxes
 * (compressed ones sent unchanged) are stored into an empty server and retrieved back as stored.
 */
@ExtendWith(SharedOrthanc.class)
class StoreScuTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String DEFLATED = "1.2.840.10008.1.2.1.99";

    @Test
    void objectsOfEverySyntaxAreStoredAsTheyAreAndRetrievedBack(SharedOrthanc.Fixture f) throws Exception {
        Map<String, SampleImages.Sample> bySyntax = new LinkedHashMap<>();
        for (SampleImages.Sample s : f.samples().accepted()) {
            if (storable(f, s)) {
                bySyntax.putIfAbsent(s.transferSyntaxUid(), s);
            }
        }
        assertTrue(bySyntax.containsKey(DEFLATED), "a deflated sample (odd length: padded as PS3.5 says)");
        assertTrue(bySyntax.size() >= 4, "samples in " + bySyntax.keySet());
        List<String> stored = new ArrayList<>();
        try (OrthancServer empty = OrthancServer.start();
                PooledRetriever back = new PooledRetriever(RetrieverConfig.defaults())) {
            StoreScu scu = new StoreScu(RetrieverConfig.defaults());
            for (SampleImages.Sample s : bySyntax.values()) {
                byte[] dataset = Part10Bytes.dataset(f.samples().storedFile(s));
                scu.store(empty.node(), s.sopClassUid(), s.sopInstanceUid(), s.transferSyntaxUid(), dataset);
                RetrievedInstance got = back.fetchInstance(empty.node(), s.studyUid(), s.seriesUid(),
                        s.sopInstanceUid(), TIMEOUT, CancelSignal.NEVER);
                assertEquals(s.sopInstanceUid(), got.sopInstanceUid());
                assertEquals(s.transferSyntaxUid(), got.transferSyntaxUid(), "stored unchanged, not transcoded");
                stored.add(s.transferSyntaxUid());
            }
        }
        assertEquals(bySyntax.size(), stored.size());
    }

    @Test
    void aSeriesIsStoredOverOnePooledAssociation(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        List<Path> copies = RegistrationSites.copies(RegistrationSites.SAMPLES.resolve("CT_small.dcm"), dir, 12);
        try (OrthancServer empty = OrthancServer.start(); StoreScu scu = new StoreScu(RetrieverConfig.defaults())) {
            for (Path copy : copies) {
                byte[] file = java.nio.file.Files.readAllBytes(copy);
                String sop = Part10Bytes.parseWithPixelMed(file);
                scu.store(empty.node(), "1.2.840.10008.5.1.4.1.1.2", sop, "1.2.840.10008.1.2.1",
                        Part10Bytes.dataset(file));
            }
            assertEquals(1, scu.associationsOpened(), "one class in one syntax: one association, reused");
            assertTrue(empty.get("/statistics").contains("\"CountInstances\" : 12"), "every object stored: "
                    + empty.get("/statistics"));
        }
    }

    /**
     * A Part 10 file whose data set has an even length, or a deflated one: an odd-length data set
     * is malformed (see the next test). Some samples are stored without a preamble: not Part 10.
     */
    private static boolean storable(SharedOrthanc.Fixture f, SampleImages.Sample s) {
        byte[] file = f.samples().storedFile(s);
        if (file.length < 132 || file[128] != 'D' || file[129] != 'I' || file[130] != 'C' || file[131] != 'M') {
            return false;
        }
        return s.transferSyntaxUid().equals(DEFLATED) || Part10Bytes.dataset(file).length % 2 == 0;
    }

    private static SampleImages.Sample anyStorable(SharedOrthanc.Fixture f) {
        return f.samples().accepted().stream().filter(s -> !s.transferSyntaxUid().equals(DEFLATED))
                .filter(s -> storable(f, s)).findFirst().orElseThrow();
    }

    @Test
    void anOddLengthDataSetIsRefusedBeforeAnyServerSeesIt(SharedOrthanc.Fixture f) throws Exception {
        SampleImages.Sample s = anyStorable(f);
        byte[] odd = java.util.Arrays.copyOf(Part10Bytes.dataset(f.samples().storedFile(s)),
                Part10Bytes.dataset(f.samples().storedFile(s)).length | 1);
        DicomNode down = new DicomNode("NOBODY", "127.0.0.1", OrthancServer.freePort());
        MdmException e = assertThrows(MdmException.class, () -> new StoreScu(RetrieverConfig.defaults())
                .store(down, s.sopClassUid(), s.sopInstanceUid(), s.transferSyntaxUid(), odd));
        assertEquals(Status.CORRUPT_DATA, e.status(), "checked before connecting: " + e.getMessage());
        assertTrue(e.getMessage().contains("odd length") && e.getMessage().contains("dcmconv"), e.getMessage());
    }

    @Test
    void aServerThatIsDownIsPeerUnavailableAndNamed(SharedOrthanc.Fixture f) throws Exception {
        SampleImages.Sample s = anyStorable(f);
        DicomNode down = new DicomNode("NOBODY", "127.0.0.1", OrthancServer.freePort());
        StoreScu scu = new StoreScu(RetrieverConfig.defaults().withConnectTimeout(Duration.ofSeconds(2)));
        MdmException e = assertThrows(MdmException.class, () -> scu.store(down, s.sopClassUid(),
                s.sopInstanceUid(), s.transferSyntaxUid(), Part10Bytes.dataset(f.samples().storedFile(s))));
        assertEquals(Status.PEER_UNAVAILABLE, e.status(), e.getMessage());
        assertTrue(e.getMessage().contains(down.toString()), e.getMessage());
    }

    @Test
    void aServerThatRefusesTheCallingAeIsPeerUnavailable(SharedOrthanc.Fixture f) throws Exception {
        SampleImages.Sample s = anyStorable(f);
        try (OrthancServer strict = OrthancServer.builder().aet("STRICT").checkCalledAet(true).start()) {
            DicomNode wrong = new DicomNode("WRONG", "127.0.0.1", strict.dicomPort());
            MdmException e = assertThrows(MdmException.class, () -> new StoreScu(RetrieverConfig.defaults())
                    .store(wrong, s.sopClassUid(), s.sopInstanceUid(), s.transferSyntaxUid(),
                            Part10Bytes.dataset(f.samples().storedFile(s))));
            assertEquals(Status.PEER_UNAVAILABLE, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains("WRONG@"), e.getMessage());
        }
    }
}
