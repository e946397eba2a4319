package org.mdm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.se.gridftp.GridClients;
import org.mdm.security.testpki.TestPki;
import picocli.CommandLine;

/**
 * {@code mdm serve} of plain files only: no dicom:// mount, so no key servers (hydra.servers is
 * left empty) and no de-identification secret, and globus-url-copy still downloads.
 */
class ServeFilesOnlyTest {
    private static final TestPki PKI = TestPki.shared();
    private static final Pattern READY = Pattern.compile("ready \\(GridFTP port (\\d+)\\)");

    @Test
    void aSiteServingPlainFilesNeedsNoKeyServersAndNoSecret(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("public")).toRealPath();
        byte[] bytes = "not patient data\n".repeat(5000).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Files.write(root.resolve("bench.bin"), bytes);
        Path secret = dir.resolve("deid.secret");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        AtomicInteger code = new AtomicInteger(-1);
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        Thread serve = new Thread(() -> code.set(cl.execute("-D", "se.gridftp.port=0", "-D", "se.srm.port=0", "-D", "md.port=0",
                "-D", "se.mount.mdm.path=", "-D", "se.mount.files.path=/files/",
                "-D", "se.mount.files.pfn=file://" + root + "/{name}", "-D", "se.mount.files.template=true",
                "-D", "file.root=" + root, "-D", "catalog.db.dir=" + dir.resolve("catalog"),
                "-D", "se.access=dn:" + PKI.userDn(), "-D", "dicom.deid.secret.file=" + secret,
                "-D", "spool.dir=" + dir.resolve("spool"), "-D", "spool.min.free=1M",
                "-D", "se.access.log=" + dir.resolve("access.log"),
                "-D", "se.host.cert=" + PKI.hostCert(), "-D", "se.host.key=" + PKI.hostKey(),
                "-D", "grid.cert.dir=" + PKI.certDir(), "-D", "grid.vomsdir=" + PKI.vomsDir(), "serve")),
                "mdm-serve-test");
        serve.start();
        try {
            int port = port(serve, out, err);
            Path got = dir.resolve("got.bin");
            GridClients.Run copy = GridClients.globusUrlCopy(PKI.proxy(),
                    "gsiftp://localhost:" + port + "/files/bench.bin", "file://" + got);
            assertTrue(copy.ok(), copy.output() + err);
            assertArrayEquals(bytes, Files.readAllBytes(got));
        } finally {
            serve.interrupt();
            serve.join(15_000);
        }
        assertEquals(0, code.get(), err.toString());
        assertFalse(Files.exists(secret), "no de-identification secret is created without a dicom:// mount");
    }

    private static int port(Thread serve, StringWriter out, StringWriter err) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            Matcher m = READY.matcher(out.toString());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            assertTrue(serve.isAlive(), "mdm serve ended: " + err);
            Thread.sleep(50);
        }
        throw new AssertionError("mdm serve did not get ready: " + out + err);
    }
}
