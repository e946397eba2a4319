package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.NsPath;
import org.mdm.catalog.RegistrationJournal;
import org.mdm.cli.Main;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.keyserver.KeyServers;
import org.mdm.hydra.keyserver.KeyServersConfig;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.Right;
import picocli.CommandLine;

/**
 * DICOM push (issue 11): {@code mdm serve} with push.port set registers what a known AE title
 * sends — dcmtk's storescu and dcmsend, and Orthanc forwarding an instance to MDM as a modality —
 * and answers each C-STORE once the image is recorded. An unknown calling AE title is rejected at
 * association, a non-image object (a Structured Report) is refused with 0122 and not registered,
 * and a registration that fails (a key server down) is a failure status the sender sees; its
 * retry succeeds once the key server is back. Real key servers, real Orthanc, real dcmtk.
 */
class PushTest {
    private static final Path SAMPLES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final String BASE = "/dpm/example.org/home/biomed/mdm";
    private static final Path STORESCU = Path.of("/usr/bin/storescu");
    private static final Path DCMSEND = Path.of("/usr/bin/dcmsend");

    /** One in-process mdm serve with push enabled, stopped by close. */
    private static final class Serve implements AutoCloseable {
        final List<String> site;
        final int pushPort;
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger code = new AtomicInteger(-1);
        final Thread thread;

        Serve(Path home, KeyServerTrio keys, OrthancServer orthanc, int pushPort, String... pushOptions)
                throws InterruptedException {
            this(home, keys, orthanc.aet() + "@127.0.0.1:" + orthanc.dicomPort(), pushPort, pushOptions);
        }

        Serve(Path home, KeyServerTrio keys, String registerServer, int pushPort, String... pushOptions)
                throws InterruptedException {
            this.pushPort = pushPort;
            List<String> s = new ArrayList<>(List.of("-D", "spool.dir=" + home.resolve("spool"), "-D",
                    "spool.min.free=1M", "-D", "dicom.deid.secret.file=" + home.resolve("secret"),
                    "-D", "catalog.db.dir=" + home.resolve("catalog"),
                    "-D", "register.server=" + registerServer));
            s.addAll(keys.siteOptions());
            // Generous bounds on the key servers: this machine may be busy (the 2 s defaults are for a site).
            s.addAll(List.of("-D", "hydra.connect.timeout.ms=15000", "-D", "hydra.request.timeout.ms=15000"));
            site = List.copyOf(s);
            List<String> args = new ArrayList<>(site);
            args.addAll(List.of("-D", "se.access=dn:" + KeyServerTrio.PKI.userDn(), "-D", "se.gridftp.port=0", "-D", "se.srm.port=0", "-D", "md.port=0",
                    "-D", "dicom.move.scp.port=0", "-D", "se.access.log=", "-D", "push.port=" + pushPort,
                    "-D", "push.address=127.0.0.1"));
            args.addAll(List.of(pushOptions));
            args.add("serve");
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            thread = new Thread(() -> code.set(cl.execute(args.toArray(String[]::new))), "mdm-serve-push-test");
            thread.start();
            for (int i = 0; i < 1200 && !out.toString().contains("ready"); i++) {
                assertTrue(thread.isAlive(), "mdm serve ended: " + out + err);
                Thread.sleep(50);
            }
            assertTrue(out.toString().contains("mdm serve: DICOM push MDM@127.0.0.1:" + pushPort), out + "" + err);
        }

        MdmCli mdm(String... args) {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(site);
            return MdmCli.run(all);
        }

        /** What mdm status says of push. */
        JsonNode pushStatus() throws IOException {
            MdmCli status = mdm("status", "--json");
            assertEquals(0, status.code(), status.err());
            JsonNode push = new ObjectMapper().readTree(status.out()).at("/doors/push");
            assertTrue(push.isObject(), status.out());
            return push;
        }

        /** The registered images' names under BASE (study/series/sop). */
        List<String> registered() {
            List<String> images = new ArrayList<>();
            for (String study : names(BASE)) {
                for (String series : names(BASE + "/" + study)) {
                    for (String sop : names(BASE + "/" + study + "/" + series)) {
                        images.add(study + "/" + series + "/" + sop);
                    }
                }
            }
            return images;
        }

        private List<String> names(String dir) {
            MdmCli ls = mdm("ls", dir);
            if (ls.code() != 0) {
                assertTrue(ls.err().contains("No directory"), ls.err());
                return List.of();
            }
            return ls.out().lines().map(l -> l.replace("/", "").trim()).filter(l -> !l.isEmpty()).toList();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(60_000);
            assertEquals(0, code.get(), "mdm serve's exit: " + err);
        }
    }

    /** A dcmtk tool's exit code and output. */
    private record Run(int code, String output) {
    }

    private static Run run(Path tool, String... args) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(tool), tool.getFileName() + " is not installed: apt-get install dcmtk");
        List<String> cmd = new ArrayList<>(List.of(tool.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("TCP_NODELAY", "1");
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), tool + " did not finish: " + output);
        return new Run(p.exitValue(), output);
    }

    private static Run storescu(String callingAet, int port, Path file) throws Exception {
        return storescu("-v", callingAet, port, file);
    }

    /** storescu at {@code verbosity} (-v, or -d to see the C-STORE-RSP's Error Comment). */
    private static Run storescu(String verbosity, String callingAet, int port, Path file) throws Exception {
        return run(STORESCU, verbosity, "-R", "-aet", callingAet, "-aec", "MDM", "127.0.0.1", Integer.toString(port),
                file.toString());
    }

    /** The researcher's key client, with bounds generous enough for a busy test machine. */
    private static KeyServers researcher(KeyServerTrio keys, GridTrust trust) throws MdmException {
        return new KeyServers(new KeyServersConfig(keys.uris(), 2, Duration.ofSeconds(15), Duration.ofSeconds(15),
                Duration.ofSeconds(30)), Credentials.loadProxy(KeyServerTrio.PKI.proxy()), trust);
    }

    private static Path sample(String name) {
        Path p = SAMPLES.resolve(name);
        assertTrue(Files.isRegularFile(p), "apt-get install python3-pydicom (bin/mdm test installs it)");
        return p;
    }

    @Test
    void imagesPushedByKnownSendersAreRegisteredForTheirOwnerAndTheRestIsRefused(@TempDir Path home) throws Exception {
        String owner = KeyServerTrio.PKI.userDn();
        int pushPort = OrthancServer.freePort();
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys"));
                OrthancServer orthanc = OrthancServer.start();
                OrthancServer pacs = OrthancServer.builder().aet("PACS").modality("MDM", pushPort).start();
                Serve serve = new Serve(home, keys, orthanc, pushPort, "-D", "push.ae.STORESCU.owner=" + owner,
                        "-D", "push.ae.PACS.owner=" + owner, "-D", "push.ae.PACS.read=vo:biomed")) {
            Run ct = storescu("STORESCU", pushPort, sample("CT_small.dcm"));
            assertEquals(0, ct.code(), ct.output());
            List<String> images = serve.registered();
            assertEquals(1, images.size(), "the CT: " + images);
            MdmCli stat = serve.mdm("stat", BASE + "/" + images.get(0));
            assertTrue(stat.out().contains("owner: " + owner + "\n"), stat.out());
            String keyId = images.get(0).substring(images.get(0).lastIndexOf('/') + 1);
            try (GridTrust trust = GridTrust.fromDirectory(KeyServerTrio.PKI.certDir());
                    KeyServers user = researcher(keys, trust)) {
                user.fetch(keyId).destroy(); // the configured owner reads the key the SE made
            }
            assertEquals(1, orthanc.instanceIds().size(), "the original is in the DICOM server");

            Run again = storescu("STORESCU", pushPort, sample("CT_small.dcm"));
            assertEquals(0, again.code(), "the same image again is a success: " + again.output());
            assertEquals(images, serve.registered());

            Run stranger = storescu("NOBODY", pushPort, sample("MR_small.dcm"));
            assertNotEquals(0, stranger.code(), stranger.output());
            assertTrue(stranger.output().contains("Calling AE Title Not Recognized"), stranger.output());

            Run sr = storescu("-d", "STORESCU", pushPort, sample("test-SR.dcm"));
            assertTrue(sr.output().contains("DIMSE Status                  : 0x0122: Refused: SOP Class not supported")
                    && sr.output().contains("[MDM registers images only, not this SOP class]"), sr.output());
            assertNotEquals(0, sr.code(), "storescu reports the refusal in its exit code");
            assertEquals(images, serve.registered(), "nothing registered for the refused objects");

            Run mr = run(DCMSEND, "-v", "-aet", "STORESCU", "-aec", "MDM", "127.0.0.1", Integer.toString(pushPort),
                    sample("MR_small.dcm").toString());
            assertEquals(0, mr.code(), mr.output());
            assertEquals(2, serve.registered().size(), serve.registered().toString());

            OrthancServer.Upload up = pacs.upload(sample("JPEG2000.dcm"));
            assertTrue(up.stored(), up.toString());
            OrthancServer.Answer forward = pacs.post("/modalities/mdm/store", up.id());
            assertEquals(200, forward.httpStatus(), forward.body() + "\n" + pacs.logTail());
            assertTrue(forward.body().matches("(?s).*\"FailedInstancesCount\"\\s*:\\s*0\\b.*")
                    && forward.body().matches("(?s).*\"InstancesCount\"\\s*:\\s*1\\b.*"), forward.body());
            assertEquals(3, serve.registered().size(), "Orthanc's forwarded image: " + serve.registered());
            JsonNode push = serve.pushStatus();
            assertEquals("MDM", push.at("/aet").asText(), push.toString());
            assertEquals(pushPort, push.at("/port").asInt(), push.toString());
            assertEquals(3, push.at("/registered").asInt(), "CT, MR, JPEG 2000: " + push);
            assertEquals(1, push.at("/registered.already").asInt(), "the CT again: " + push);
            assertEquals(0, push.at("/failed").asInt(), "refusals are not registration failures: " + push);
        }
    }

    @Test
    void aFailedRegistrationIsAFailureStatusAndTheSendersRetrySucceeds(@TempDir Path home) throws Exception {
        int pushPort = OrthancServer.freePort();
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys"));
                OrthancServer orthanc = OrthancServer.start();
                Serve serve = new Serve(home, keys, orthanc, pushPort,
                        "-D", "push.ae.STORESCU.owner=" + KeyServerTrio.PKI.userDn())) {
            keys.stop(1);
            Run down = storescu("STORESCU", pushPort, sample("CT_small.dcm"));
            assertTrue(down.output().contains("Received Store Response (Refused: OutOfResources)"),
                    down.code() + " " + down.output());
            assertNotEquals(0, down.code(), down.output());
            assertEquals(List.of(), serve.registered(), "nothing half-registered");
            assertEquals(List.of(), orthanc.instanceIds(), "nothing stored before the key was made");
            String sop = Part10Bytes.parseWithPixelMed(Files.readAllBytes(sample("CT_small.dcm")));
            MdmCli keyId = serve.mdm("eds", "keyid", sop);
            assertEquals(0, keyId.code(), keyId.err());
            try (GridTrust trust = GridTrust.fromDirectory(KeyServerTrio.PKI.certDir());
                    KeyServers user = researcher(keys, trust)) {
                MdmException gone = assertThrows(MdmException.class, () -> user.fetch(keyId.out().trim()));
                assertEquals(Status.NOT_FOUND, gone.status(), "no share of the failed key: " + gone.getMessage());
            }

            keys.restart(1);
            Run retry = storescu("STORESCU", pushPort, sample("CT_small.dcm"));
            assertEquals(0, retry.code(), retry.output());
            assertEquals(1, serve.registered().size());
            JsonNode push = serve.pushStatus();
            assertEquals(1, push.at("/failed").asInt(), "the push while a key server was down: " + push);
            assertEquals(1, push.at("/registered").asInt(), "its retry: " + push);
        }
    }

    @Test
    void aServeStartUndoesWhatAnInterruptedRegistrationLeft(@TempDir Path home) throws Exception {
        String keyId = "2.25." + new java.math.BigInteger(1, java.security.SecureRandom.getSeed(12));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        // A registration whose process died after making the key: its row and its key's shares.
        String holder = java.net.InetAddress.getLocalHost().getHostName() + "/" + gone.pid() + "/1/deadbeef";
        try (CatalogDatabase db = CatalogDatabase.openH2(home.resolve("catalog"))) {
            db.inTransaction(c -> {
                new RegistrationJournal().begin(c, keyId, NsPath.parse(BASE + "/2.25.1/2.25.2/" + keyId),
                        "dicom://ORTHANC@127.0.0.1:4242/1.2/1.2/1.2?transform=deid", KeyServerTrio.PKI.userDn(), holder);
                return null;
            });
        }
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys"));
                GridTrust trust = GridTrust.fromDirectory(KeyServerTrio.PKI.certDir());
                KeyServers user = researcher(keys, trust)) {
            ImageKey key = ImageKey.generate(keyId);
            try { // as mdm register makes it: the SE reads and may remove
                user.register(key, List.of(AclEntry.dn(KeyServerTrio.PKI.hostDn(), Right.READ, Right.REMOVE)));
            } finally {
                key.destroy();
            }
            try (Serve serve = new Serve(home, keys, "ORTHANC@127.0.0.1:4242", OrthancServer.freePort(),
                    "-D", "push.ae.STORESCU.owner=" + KeyServerTrio.PKI.userDn())) {
                assertTrue(serve.err.toString().contains("mdm serve: undid 1 registration(s)"), serve.err.toString());
            }
            MdmException e = assertThrows(MdmException.class, () -> user.fetch(keyId));
            assertEquals(Status.NOT_FOUND, e.status(), e.getMessage());
        }
        try (CatalogDatabase db = CatalogDatabase.openH2(home.resolve("catalog"))) {
            assertEquals(List.of(), db.inTransaction(new RegistrationJournal()::pending));
        }
    }
}
