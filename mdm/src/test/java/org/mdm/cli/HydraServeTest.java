package org.mdm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.cli.KeyServerFixture.Run;
import org.mdm.security.testpki.TestPki;
import picocli.CommandLine;

/** {@code mdm hydra serve}: two servers started by the command answer the eds commands, and stop on interrupt. */
class HydraServeTest {
    private static final TestPki PKI = KeyServerFixture.PKI;
    private static final Pattern LISTENING = Pattern.compile("listening on https://\\S+:(\\d+)");

    /** One {@code mdm hydra serve} on its own thread. */
    private static final class Served {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger code = new AtomicInteger(-1);
        final Thread thread;

        Served(Path db) {
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            thread = new Thread(() -> code.set(cl.execute("-D", "hydra.server.port=0",
                    "-D", "hydra.server.cert=" + PKI.hostCert(), "-D", "hydra.server.key=" + PKI.hostKey(),
                    "-D", "hydra.server.db.dir=" + db, "-D", "grid.cert.dir=" + PKI.certDir(),
                    "-D", "grid.vomsdir=" + PKI.vomsDir(), "hydra", "serve")), "mdm-hydra-serve-test");
            thread.start();
        }

        int port() throws InterruptedException {
            for (int i = 0; i < 300; i++) {
                Matcher m = LISTENING.matcher(out.toString());
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
                assertTrue(thread.isAlive(), "mdm hydra serve ended: " + err);
                Thread.sleep(50);
            }
            throw new AssertionError("mdm hydra serve printed no URL: " + out + err);
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join(10_000);
        }
    }

    @Test
    void servedKeyServersAnswerAndStopOnInterrupt(@TempDir Path dir) throws Exception {
        Served one = new Served(dir.resolve("db1"));
        Served two = new Served(dir.resolve("db2"));
        try {
            int p1 = one.port();
            int p2 = two.port();
            String list = "https://localhost:" + p1 + ",https://localhost:" + p2;
            Run register = new Run("-D", "hydra.servers=" + list, "-D", "grid.cert.dir=" + PKI.certDir(),
                    "-D", "grid.vomsdir=" + PKI.vomsDir(), "-D", "grid.proxy=" + PKI.proxy(),
                    "eds", "register", "--acl", "vo:biomed:read", "2.25.42");
            assertEquals(0, register.code, register.toString());
            Run getacl = new Run("-D", "hydra.servers=" + list, "-D", "grid.cert.dir=" + PKI.certDir(),
                    "-D", "grid.vomsdir=" + PKI.vomsDir(), "-D", "grid.proxy=" + PKI.proxy(),
                    "eds", "getacl", "2.25.42");
            assertEquals(0, getacl.code, getacl.toString());
            assertEquals(2, getacl.out.toString().lines().filter(l -> l.equals("  vo:biomed:read")).count(),
                    getacl.toString());
        } finally {
            one.stop();
            two.stop();
        }
        assertEquals(0, one.code.get(), one.err.toString());
        assertEquals(0, two.code.get(), two.err.toString());
        int port = Integer.parseInt(LISTENING.matcher(one.out.toString()).results().findFirst().orElseThrow().group(1));
        assertThrows(ConnectException.class, () -> connect(port), "the server still listens after interrupt");
    }

    @Test
    void missingHostCredentialIsAOneLineError(@TempDir Path dir) {
        Run run = new Run("-D", "hydra.server.cert=" + dir.resolve("nope.pem"), "-D", "hydra.server.key="
                + dir.resolve("nope.pem"), "-D", "hydra.server.port=0", "hydra", "serve");
        assertEquals(1, run.code, run.toString());
        assertTrue(run.err.toString().startsWith("mdm: "), run.toString());
        assertEquals(1, run.err.toString().lines().count(), run.toString());
    }

    private static void connect(int port) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("localhost", port), 2000);
        }
    }
}
