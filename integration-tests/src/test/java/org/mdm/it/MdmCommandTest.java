package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
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
import org.mdm.cli.Main;
import org.mdm.security.testpki.TestPki;
import picocli.CommandLine;

/**
 * The mdm command against a real Orthanc and three real key servers: register image keys,
 * fetch a sealed image and a series, decrypt, list and empty the spool.
 */
@ExtendWith(SharedOrthanc.class)
class MdmCommandTest {

    private record Run(int code, String out, String err) {
    }

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
    private static Run mdm(Path home, String... args) {
        TestPki pki = KeyServerTrio.PKI;
        List<String> all = new ArrayList<>(List.of("-D", "spool.dir=" + home.resolve("spool"),
                "-D", "spool.min.free=1M", "-D", "dicom.deid.secret.file=" + home.resolve("secret"),
                "-D", "hydra.servers=" + keys.serverList(), "-D", "grid.cert.dir=" + pki.certDir(),
                "-D", "grid.vomsdir=" + pki.vomsDir(), "-D", "grid.proxy=" + pki.proxy(),
                "-D", "se.host.cert=" + pki.hostCert(), "-D", "se.host.key=" + pki.hostKey()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    /** The researcher registers the images' keys for the SE, as registration will: keyid, then register. */
    private static List<String> registerKeys(Path home, String... images) {
        List<String> args = new ArrayList<>(List.of("eds", "keyid"));
        args.addAll(List.of(images));
        Run ids = mdm(home, args.toArray(String[]::new));
        assertEquals(0, ids.code(), ids.err());
        List<String> keyIds = List.of(ids.out().trim().split("\n"));
        assertEquals(images.length, keyIds.size(), ids.out());
        for (String id : keyIds) {
            Run register = mdm(home, "eds", "register", "--acl", "dn:" + KeyServerTrio.PKI.hostDn() + ":read", id);
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
        Run image = mdm(home, "fetch", pfn, home.resolve("one.sealed").toString());
        assertEquals(0, image.code(), image.err());
        assertTrue(image.out().contains("retrieved"), image.out());
        assertTrue(image.out().contains("sealed with key " + keyId), image.out());
        Run decrypt = mdm(home, "eds", "decrypt", keyId, home.resolve("one.sealed").toString(),
                home.resolve("one.dcm").toString());
        assertEquals(0, decrypt.code(), decrypt.err());
        byte[] plain = Files.readAllBytes(home.resolve("one.dcm"));
        assertEquals("DICM", new String(plain, 128, 4, java.nio.charset.StandardCharsets.US_ASCII),
                "the decrypted file is DICOM Part 10");

        List<SampleImages.Sample> series = f.samples().largestSeries();
        registerKeys(home, series.stream().map(s -> s.studyUid() + "/" + s.seriesUid() + "/" + s.sopInstanceUid())
                .toArray(String[]::new));
        String node = f.orthanc().aet() + "@127.0.0.1:" + f.orthanc().dicomPort();
        Run fetched = mdm(home, "fetch", "--no-progress", "--server", node,
                series.get(0).studyUid() + "/" + series.get(0).seriesUid(), home.resolve("series").toString());
        assertEquals(0, fetched.code(), fetched.err());
        try (Stream<Path> files = Files.list(home.resolve("series"))) {
            assertEquals(series.size(), files.filter(p -> p.toString().endsWith(".dcm")).count(), fetched.out());
        }

        Run ls = mdm(home, "spool", "ls");
        assertEquals(0, ls.code(), ls.err());
        assertTrue(ls.out().contains("files,"), ls.out());
        Run evict = mdm(home, "spool", "evict", "--all");
        assertEquals(0, evict.code(), evict.err());
        Run empty = mdm(home, "spool", "ls");
        assertTrue(empty.out().startsWith("0 files"), empty.out());
    }

    @Test
    void aMissingInstanceIsAOneLineErrorAndNoOutputFile(SharedOrthanc.Fixture f, @TempDir Path home) {
        SampleImages.Sample any = f.samples().accepted().get(0);
        String pfn = "dicom://" + f.orthanc().aet() + "@127.0.0.1:" + f.orthanc().dicomPort() + "/"
                + any.studyUid() + "/" + any.seriesUid() + "/9.9.9.9";
        registerKeys(home, pfn);
        Run run = mdm(home, "fetch", pfn, home.resolve("x.dcm").toString());
        assertEquals(1, run.code());
        assertTrue(run.err().startsWith("mdm: ") && run.err().contains("9.9.9.9"), run.err());
        assertTrue(Files.notExists(home.resolve("x.dcm")));
    }
}
