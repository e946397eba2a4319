package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mdm.api.spool.SpoolFile;
import org.mdm.se.AccessList;
import org.mdm.se.MountTable;
import org.mdm.se.StorageElement;
import org.mdm.se.gridftp.DoorSettings;
import org.mdm.se.gridftp.GridClients;
import org.mdm.se.gridftp.GridFtpDoor;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;
import org.mdm.security.PrincipalExtractor;
import org.mdm.security.TlsContexts;
import org.mdm.security.VomsAttributes;

/**
 * Issue 4 end to end: the real grid clients download on-demand DICOM images through the GridFTP
 * door — retrieved from Orthanc, de-identified and sealed with a key from three real key servers
 * at the moment of the request (cold) or served from the spool (warm) — and every downloaded
 * file decrypts to the de-identified image.
 */
@ExtendWith(SharedOrthanc.class)
class GridFtpDicomTest {
    private static final String MOUNT = "/dpm/example.org/home/biomed/mdm/";
    private static Path dir;
    private static PipelineHarness h;
    private static GridTrust trust;
    private static VomsAttributes voms;
    private static GridFtpDoor door;
    private static SharedOrthanc.Fixture orthanc;

    @BeforeAll
    static void start(SharedOrthanc.Fixture f) throws Exception {
        orthanc = f;
        dir = Files.createTempDirectory("mdm-gridftp-it");
        h = new PipelineHarness(dir.resolve("spool"), "200M", Map.of());
        trust = GridTrust.fromDirectory(KeyServerTrio.PKI.certDir());
        voms = VomsAttributes.create(KeyServerTrio.PKI.vomsDir(), trust);
        // Template access (opt-in): the images by their own UIDs, without a catalogue.
        MountTable mounts = MountTable.fromConfig(Map.of("biomed.path", MOUNT, "biomed.pfn", "dicom://"
                + f.orthanc().aet() + "@127.0.0.1:" + f.orthanc().dicomPort() + "/{study}/{series}/{sop}?transform=deid",
                "biomed.template", "true"));
        StorageElement se = new StorageElement(mounts, AccessList.of(List.of("dn:" + KeyServerTrio.PKI.userDn())),
                h.registry, Duration.ofSeconds(60));
        door = GridFtpDoor.start(DoorSettings.defaults(InetAddress.getLoopbackAddress(), 0,
                TlsContexts.server(Credentials.load(KeyServerTrio.PKI.hostCert(), KeyServerTrio.PKI.hostKey()), trust),
                trust, new PrincipalExtractor(voms)), se);
    }

    @AfterAll
    static void stop() throws Exception {
        door.close();
        h.close();
        voms.close();
        trust.close();
        OrthancServer.deleteTree(dir); // sealed files and the spool: nothing of the run stays in /tmp
    }

    /** The i-th distinct image Orthanc holds, its key registered for the SE (as registration will). */
    private static SampleImages.Sample image(int i) throws Exception {
        List<SampleImages.Sample> all = orthanc.samples().accepted().stream()
                .filter(s -> s.sopInstanceUid() != null && !s.sopInstanceUid().isEmpty()).toList();
        assertTrue(all.size() > i, "Orthanc holds " + all.size() + " images, the test needs " + (i + 1));
        SampleImages.Sample s = all.get(i);
        h.register(PipelineHarness.pfn(orthanc.orthanc(), s));
        return s;
    }

    private static String url(SampleImages.Sample s) {
        return "gsiftp://localhost:" + door.port() + MOUNT + s.studyUid() + "/" + s.seriesUid() + "/"
                + s.sopInstanceUid();
    }

    /** The downloaded file is the sealed spool file, and decrypts to the de-identified image. */
    private static void assertSealedImage(SampleImages.Sample s, Path downloaded) throws Exception {
        String pfn = PipelineHarness.pfn(orthanc.orthanc(), s);
        byte[] got = Files.readAllBytes(downloaded);
        try (SpoolFile file = h.stage(pfn).file()) {
            assertArrayEquals(Files.readAllBytes(file.path()), got, "the bytes the spool holds");
        }
        byte[] plain = h.keys.decrypt(h.keyId(pfn), downloaded);
        AttributeList deid = new AttributeList();
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(plain))) {
            deid.read(in, TagFromName.PixelData); // the attributes; some samples' codecs are not installed
        }
        assertEquals(h.keyId(pfn), deid.get(TagFromName.SOPInstanceUID).getSingleStringValueOrEmptyString());
        assertEquals("YES", deid.get(TagFromName.PatientIdentityRemoved).getSingleStringValueOrEmptyString());
    }

    private static void globusUrlCopy(SampleImages.Sample s, Path out, String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(options));
        args.add(url(s));
        args.add("file://" + out);
        GridClients.Run run = GridClients.globusUrlCopy(KeyServerTrio.PKI.proxy(), args.toArray(String[]::new));
        assertTrue(run.ok(), "globus-url-copy " + String.join(" ", options) + ": " + run.output());
    }

    @Test
    void globusUrlCopyGetsAColdImageThenTheWarmOneInParallelAndWithoutDcau() throws Exception {
        SampleImages.Sample s = image(0);
        Path cold = dir.resolve("guc-cold.dcm.sealed");
        globusUrlCopy(s, cold);
        assertSealedImage(s, cold);
        Path parallel = dir.resolve("guc-p4.dcm.sealed");
        globusUrlCopy(s, parallel, "-p", "4");
        assertSealedImage(s, parallel);
        SampleImages.Sample other = image(1);
        Path nodcau = dir.resolve("guc-nodcau.dcm.sealed");
        globusUrlCopy(other, nodcau, "-nodcau");
        assertSealedImage(other, nodcau);
    }

    @Test
    void gfalCopyChecksAdler32OfAColdImageAndGfalLsStatSeeIt() throws Exception {
        SampleImages.Sample s = image(2);
        Path out = dir.resolve("gfal.dcm.sealed");
        GridClients.Run copy = GridClients.gfal("gfal-copy", "-K", "ADLER32", url(s), "file://" + out);
        assertTrue(copy.ok(), copy.output());
        assertSealedImage(s, out);
        long size = Files.size(out);
        GridClients.Run ls = GridClients.gfal("gfal-ls", "-l", url(s));
        assertTrue(ls.ok() && ls.output().contains(Long.toString(size)), ls.output());
        GridClients.Run stat = GridClients.gfal("gfal-stat", url(s));
        assertTrue(stat.ok() && stat.output().contains("Size: " + size), stat.output());
    }

    @Test
    void jglobusGetsColdAndWarmImagesInStreamAndExtendedBlockMode() throws Exception {
        SampleImages.Sample s = image(3);
        String path = MOUNT + s.studyUid() + "/" + s.seriesUid() + "/" + s.sopInstanceUid();
        Path stream = dir.resolve("jglobus-stream.dcm.sealed");
        GridClients.Run cold = GridClients.jglobusGet(door.port(), path, stream, "stream", 1, "dcau");
        assertTrue(cold.ok(), cold.output());
        assertSealedImage(s, stream);
        Path eblock = dir.resolve("jglobus-eblock.dcm.sealed");
        GridClients.Run warm = GridClients.jglobusGet(door.port(), path, eblock, "eblock", 3, "dcau");
        assertTrue(warm.ok(), warm.output());
        assertSealedImage(s, eblock);
        SampleImages.Sample other = image(4);
        String otherPath = MOUNT + other.studyUid() + "/" + other.seriesUid() + "/" + other.sopInstanceUid();
        Path coldBlocks = dir.resolve("jglobus-eblock-cold.dcm.sealed");
        GridClients.Run run = GridClients.jglobusGet(door.port(), otherPath, coldBlocks, "eblock", 2, "nodcau");
        assertTrue(run.ok(), run.output());
        assertSealedImage(other, coldBlocks);
    }

    /**
     * Issue 10: a failure names the path the client asked for, never the PFN, whose AE title,
     * host and port are the DICOM server's: an image whose key is not registered (the seal
     * fails) and one whose key is but which the DICOM server does not hold (C-GET finds nothing).
     */
    @Test
    void failuresNameThePathAndNeverTheDicomServer() throws Exception {
        String registered = "1.2.3.999/1.2.3.999.1/1.2.3.999.1.1";
        h.register("dicom://" + orthanc.orthanc().aet() + "@127.0.0.1:" + orthanc.orthanc().dicomPort() + "/"
                + registered + "?transform=deid");
        List<String> server = List.of(orthanc.orthanc().aet(), Integer.toString(orthanc.orthanc().dicomPort()),
                "dicom://", "127.0.0.1");
        for (String rest : List.of("1.2.3.998/1.2.3.998.1/1.2.3.998.1.1", registered)) {
            String url = "gsiftp://localhost:" + door.port() + MOUNT + rest;
            GridClients.Run stat = GridClients.gfal("gfal-stat", url);
            GridClients.Run copy = GridClients.globusUrlCopy(KeyServerTrio.PKI.proxy(), url,
                    "file://" + dir.resolve("missing.dcm"));
            for (GridClients.Run run : List.of(stat, copy)) {
                assertTrue(!run.ok() && run.output().contains(MOUNT + rest), run.output());
                for (String bad : server) {
                    assertTrue(!run.output().contains(bad), "the client shows '" + bad + "': " + run.output());
                }
            }
        }
    }
}
