package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mdm command against a real Orthanc and three real key servers: register image keys,
 * fetch a sealed image and a series, decrypt, list and empty the spool.
 */
@ExtendWith(SharedOrthanc.class)
class MdmCommandTest {

    private static KeyServerTrio keys;

    @BeforeAll
    static void startKeyServers(@TempDir Path keyDir) throws Exception {
        keys = new KeyServerTrio(keyDir);
    }

    @AfterAll
    static void stopKeyServers() throws Exception {
        keys.close();
    }

    /** mdm as the SE (host credential for sealing) and the researcher (user proxy for eds) on one site. */
    private static MdmCli mdm(Path home, String... args) {
        List<String> all = new ArrayList<>(List.of("-D", "spool.dir=" + home.resolve("spool"),
                "-D", "spool.min.free=1M", "-D", "dicom.deid.secret.file=" + home.resolve("secret")));
        all.addAll(keys.siteOptions());
        all.addAll(List.of(args));
        return MdmCli.run(all);
    }

    /** The researcher registers the images' keys for the SE, as registration will: keyid, then register. */
    private static List<String> registerKeys(Path home, String... images) {
        List<String> args = new ArrayList<>(List.of("eds", "keyid"));
        args.addAll(List.of(images));
        MdmCli ids = mdm(home, args.toArray(String[]::new));
        assertEquals(0, ids.code(), ids.err());
        List<String> keyIds = List.of(ids.out().trim().split("\n"));
        assertEquals(images.length, keyIds.size(), ids.out());
        for (String id : keyIds) {
            MdmCli register = mdm(home, "eds", "register", "--acl", "dn:" + KeyServerTrio.PKI.hostDn() + ":read", id);
            assertEquals(0, register.code(), register.err());
        }
        return keyIds;
    }

    @Test
    void fetchesAnImageThenASeriesAndManagesTheSpool(SharedOrthanc.Fixture f, @TempDir Path home) throws Exception {
        SampleImages.Sample any = f.samples().accepted().get(0);
        String pfn = PipelineHarness.pfn(f.orthanc(), any);
        String keyId = registerKeys(home, pfn).get(0);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("secret"))),
                "the site secret was created owner-only");
        MdmCli image = mdm(home, "fetch", pfn, home.resolve("one.sealed").toString());
        assertEquals(0, image.code(), image.err());
        assertTrue(image.out().contains("retrieved"), image.out());
        assertTrue(image.out().contains("sealed with key " + keyId), image.out());
        MdmCli decrypt = mdm(home, "eds", "decrypt", keyId, home.resolve("one.sealed").toString(),
                home.resolve("one.dcm").toString());
        assertEquals(0, decrypt.code(), decrypt.err());
        byte[] plain = Files.readAllBytes(home.resolve("one.dcm"));
        assertEquals("DICM", new String(plain, 128, 4, java.nio.charset.StandardCharsets.US_ASCII),
                "the decrypted file is DICOM Part 10");

        List<SampleImages.Sample> series = f.samples().largestSeries();
        registerKeys(home, series.stream().map(s -> s.studyUid() + "/" + s.seriesUid() + "/" + s.sopInstanceUid())
                .toArray(String[]::new));
        String node = f.orthanc().aet() + "@127.0.0.1:" + f.orthanc().dicomPort();
        MdmCli fetched = mdm(home, "fetch", "--no-progress", "--server", node,
                series.get(0).studyUid() + "/" + series.get(0).seriesUid(), home.resolve("series").toString());
        assertEquals(0, fetched.code(), fetched.err());
        try (Stream<Path> files = Files.list(home.resolve("series"))) {
            assertEquals(series.size(), files.filter(p -> p.toString().endsWith(".dcm")).count(), fetched.out());
        }

        MdmCli ls = mdm(home, "spool", "ls");
        assertEquals(0, ls.code(), ls.err());
        assertTrue(ls.out().contains("files,"), ls.out());
        MdmCli evict = mdm(home, "spool", "evict", "--all");
        assertEquals(0, evict.code(), evict.err());
        MdmCli empty = mdm(home, "spool", "ls");
        assertTrue(empty.out().startsWith("0 files"), empty.out());
    }

    @Test
    void aMissingInstanceIsAOneLineErrorAndNoOutputFile(SharedOrthanc.Fixture f, @TempDir Path home) {
        SampleImages.Sample any = f.samples().accepted().get(0);
        String pfn = "dicom://" + f.orthanc().aet() + "@127.0.0.1:" + f.orthanc().dicomPort() + "/"
                + any.studyUid() + "/" + any.seriesUid() + "/9.9.9.9";
        registerKeys(home, pfn);
        MdmCli run = mdm(home, "fetch", pfn, home.resolve("x.dcm").toString());
        assertEquals(1, run.code());
        assertTrue(run.err().startsWith("mdm: ") && run.err().contains("9.9.9.9"), run.err());
        assertTrue(Files.notExists(home.resolve("x.dcm")));
    }
}
