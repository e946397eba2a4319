package org.mdm.se.gridftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.cli.Main;
import org.mdm.security.testpki.TestPki;
import picocli.CommandLine;

/**
 * A site administrator's view of a running {@code mdm serve} (a real process): {@code mdm status}
 * and {@code mdm spool ls|evict} reach it over its admin socket while a transfer is in flight,
 * eviction frees what is not being read and leaves the file being sent alone, and the commands
 * work on the directory again once the SE has stopped.
 */
class OperatingTheSeTest {
    private static final TestPki PKI = TestPki.shared();
    private static final int BIG = 48 << 20;

    private record Cli(int code, String out, String err) {
    }

    @Test
    void statusAndSpoolCommandsReachTheRunningSeWithoutDisturbingATransfer(@TempDir Path dir) throws Exception {
        Path files = Files.createDirectories(dir.resolve("files"));
        byte[] big = new byte[BIG];
        new Random(7).nextBytes(big);
        Files.write(files.resolve("big.bin"), big);
        Files.write(files.resolve("small.bin"), new byte[] {1, 2, 3});
        Path accessLog = dir.resolve("access.log");
        List<String> config = List.of("-D", "spool.dir=" + dir.resolve("spool"), "-D", "spool.min.free=1M",
                "-D", "se.access.log=" + accessLog);
        Process serve = startServe(dir, files, config);
        int port = readyPort(dir.resolve("serve.log"));
        try {
            try (GsiFtpClient a = GsiFtpClient.login(port)) {
                assertArrayEquals(new byte[] {1, 2, 3}, a.download("/data/small.bin"));
                a.passive();
                assertEquals(550, a.command("RETR /data/nope.bin").code());
            }
            try (GsiFtpClient b = GsiFtpClient.login(port)) {
                b.command("TYPE I");
                b.command("DCAU N");
                InetSocketAddress data = b.passive();
                b.writeCommand("RETR /data/big.bin");
                try (Socket d = new Socket()) {
                    d.connect(data, 10_000);
                    d.setSoTimeout(30_000);
                    GsiFtpClient.expect(150, b.read());
                    InputStream in = d.getInputStream();
                    byte[] got = new byte[BIG];
                    int first = in.readNBytes(got, 0, 1 << 20); // then stop reading: the transfer stays in flight
                    assertWhileInFlight(config);
                    int rest = in.readNBytes(got, first, BIG - first);
                    assertEquals(-1, in.read());
                    assertEquals(BIG, first + rest);
                    assertArrayEquals(big, got, "the file being sent was not disturbed by the eviction");
                }
                GsiFtpClient.expect(226, b.read());
            }
        } finally {
            serve.destroy(); // SIGTERM: the SE closes its door, admin socket and spool
            assertTrue(serve.waitFor(30, TimeUnit.SECONDS), "mdm serve stopped");
        }
        assertFalse(Files.exists(dir.resolve("spool/.mdm-admin.sock")), "the admin socket is removed at stop");
        assertAccessLog(Files.readAllLines(accessLog), files);
        Cli ls = mdm(config, "spool", "ls");
        assertEquals(0, ls.code(), ls.err());
        assertTrue(ls.out().contains("1 files"), "without an SE, the command opens the spool itself: " + ls.out());
        Cli status = mdm(config, "status");
        assertEquals(1, status.code());
        assertTrue(status.err().contains("No mdm serve answers"), status.err());
    }

    /** One line per transfer and per failed stage, naming paths, never the PFN. */
    private static void assertAccessLog(List<String> lines, Path files) {
        assertEquals(3, lines.size(), String.join("\n", lines));
        String dn = "USER=\"" + PKI.userDn() + "\"";
        assertTrue(lines.get(0).contains("EVENT=TRANSFER") && lines.get(0).contains("FILE=\"/data/small.bin\"")
                && lines.get(0).contains("NBYTES=3 ") && lines.get(0).contains("SPOOL=cold")
                && lines.get(0).contains("CODE=226") && lines.get(0).contains(dn), lines.get(0));
        assertTrue(lines.get(1).contains("EVENT=STAGE_FAILED") && lines.get(1).contains("FILE=\"/data/nope.bin\"")
                && lines.get(1).contains("STATUS=NOT_FOUND") && lines.get(1).contains("CODE=550"), lines.get(1));
        assertTrue(lines.get(2).contains("FILE=\"/data/big.bin\"") && lines.get(2).contains("NBYTES=" + BIG + " ")
                && lines.get(2).contains("CODE=226") && lines.get(2).contains("HOST=127.0.0.1"), lines.get(2));
        for (String line : lines) {
            assertFalse(line.contains("file://") || line.contains(files.toString()), "no PFN: " + line);
        }
    }

    private static void assertWhileInFlight(List<String> config) throws Exception {
        Cli status = mdm(config, "status", "--json");
        assertEquals(0, status.code(), status.err());
        JsonNode tree = new ObjectMapper().readTree(status.out());
        assertTrue(tree.at("/doors/gridftp/sessions").asInt() >= 1, status.out());
        assertEquals(1, tree.at("/doors/gridftp/transfers.in.flight").asInt(), status.out());
        assertEquals(1, tree.at("/doors/gridftp/transfers.completed").asInt(), "small.bin: " + status.out());
        assertEquals(1, tree.at("/doors/gridftp/transfers.failed").asInt(), "nope.bin: " + status.out());
        assertEquals(2, tree.at("/spool/files").asInt(), status.out());
        assertEquals(1, tree.at("/spool/pinned").asInt(), "the file being sent is pinned: " + status.out());
        assertTrue(tree.at("/uptime.seconds").isNumber(), status.out());
        assertTrue(tree.at("/backends/file/stages.running").isNumber(), status.out());
        Cli text = mdm(config, "status");
        assertTrue(text.out().contains("sessions: "), text.out());

        Cli ls = mdm(config, "spool", "ls");
        assertEquals(0, ls.code(), ls.err());
        assertTrue(ls.out().contains("2 files") && ls.out().contains("pins=1"), ls.out());
        Cli evict = mdm(config, "spool", "evict", "--all");
        assertEquals(0, evict.code(), evict.err());
        assertEquals("1 files evicted\n", evict.out(), "the unpinned file only");
        Cli after = mdm(config, "spool", "ls", "--json");
        JsonNode listing = new ObjectMapper().readTree(after.out());
        assertEquals(1, listing.get("files").size(), after.out());
        assertEquals(1, listing.get("files").get(0).get("pins").asInt(), after.out());
        Cli pinned = mdm(config, "spool", "evict", listing.get("files").get(0).get("key").asText());
        assertEquals(1, pinned.code(), "a file being read is not evicted: " + pinned.out());
    }

    /** The port of "ready (GridFTP port N)": serve binds port 0, as a port picked beforehand can be taken meanwhile. */
    private static int readyPort(Path log) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("ready \\(GridFTP port (\\d+)\\)")
                .matcher(Files.readString(log, StandardCharsets.UTF_8));
        assertTrue(m.find(), "mdm serve printed its port");
        return Integer.parseInt(m.group(1));
    }

    private static Process startServe(Path dir, Path files, List<String> config) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.mdm.cli.Main", "serve", "--test-pki",
                PKI.root().toString()));
        cmd.addAll(config);
        cmd.addAll(List.of("-D", "se.access=dn:" + PKI.userDn(), "-D", "se.gridftp.address=127.0.0.1",
                "-D", "se.gridftp.port=0", "-D", "se.srm.port=0", "-D", "md.port=0", "-D", "se.mount.mdm.path=", "-D", "se.mount.data.path=/data/",
                "-D", "se.mount.data.pfn=file://" + files + "/{name}", "-D", "se.mount.data.template=true",
                "-D", "file.root=" + files, "-D", "catalog.db.dir=" + dir.resolve("catalog"),
                "-D", "dicom.deid.secret.file=" + dir.resolve("deid.secret"), "-D", "dicom.move.scp.port=0"));
        Path log = dir.resolve("serve.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            if (text.contains("ready")) {
                return p;
            }
            if (!p.isAlive()) {
                throw new AssertionError("mdm serve exited: " + text);
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("mdm serve did not start: " + Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Cli mdm(List<String> config, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(config);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Cli(cl.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }
}
