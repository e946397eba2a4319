package org.mdm.se.gridftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mdm.se.gridftp.GsiFtpClient.expect;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input after login, against a real door: paths outside the mounts or climbing with
 * {@code ..}, a missing file, a client that vanishes mid-transfer, floods of unknown commands,
 * an over-long line, and MODE E clients that open fewer or more data connections than they
 * announced. Each test checks the reply, that nothing was served, and that the door goes on.
 */
class BadTransferTest {
    private static final String SMALL = "small.bin";
    private static final String BLOCKS = "blocks.bin";
    private static final String BIG = "big.bin";

    @TempDir
    static Path dir;
    static DoorFixture fixture;
    static byte[] blocks;

    @BeforeAll
    static void start() throws Exception {
        fixture = new DoorFixture(dir.resolve("door"));
        fixture.file(SMALL, 300_007);
        blocks = Files.readAllBytes(fixture.file(BLOCKS, 5 * 1024 * 1024 + 333)); // six MODE E blocks
        fixture.file(BIG, 200L * 1024 * 1024);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aPathOutsideEveryMountIsNoSuchFile() throws Exception {
        Path out = dir.resolve("out-elsewhere.bin");
        GridClients.Run run = GridClients.globusUrlCopy(DoorFixture.PKI.proxy(), "-v",
                "gsiftp://localhost:" + fixture.door.port() + "/elsewhere/x", "file://" + out);
        assertFalse(run.ok(), run.output());
        assertTrue(run.output().contains("No such file"), run.output());
        assertNothingWritten(out);
        try (GsiFtpClient c = session()) {
            c.passive();
            GsiFtpClient.Answer a = c.command("RETR /elsewhere/x");
            assertEquals(550, a.code(), a.text());
            assertTrue(a.text().contains("No such file"), a.text());
        }
        fixture.assertServes(SMALL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/data/../data/" + SMALL, "/data/..", "/data/./" + SMALL, "/data//" + SMALL})
    void aPathThatClimbsOrHasEmptySegmentsIsInvalid(String path) throws Exception {
        Path out = dir.resolve("out-climb.bin");
        Files.deleteIfExists(out);
        GridClients.Run run = GridClients.globusUrlCopy(DoorFixture.PKI.proxy(), "-v",
                "gsiftp://localhost:" + fixture.door.port() + path, "file://" + out);
        assertFalse(run.ok(), path + ": " + run.output());
        assertTrue(run.output().contains("501 Path " + path), "refused by the door as INVALID_PATH: " + run.output());
        assertNothingWritten(out);
        try (GsiFtpClient c = session()) {
            c.passive();
            GsiFtpClient.Answer a = c.command("RETR " + path);
            assertEquals(501, a.code(), path + ": " + a.text());
            assertEquals(501, c.command("SIZE " + path).code(), path);
        }
        fixture.assertServes(SMALL);
    }

    @Test
    void aMissingFileIs550AndItsDataListenerIsClosed() throws Exception {
        int spooled = fixture.spool.list().size();
        try (GsiFtpClient c = session()) {
            GsiFtpClient.Answer size = c.command("SIZE /data/missing.bin");
            assertEquals(550, size.code(), size.text());
            assertTrue(size.text().contains("No such file"), size.text());
            InetSocketAddress data = c.passive();
            GsiFtpClient.Answer a = c.command("RETR /data/missing.bin");
            assertEquals(550, a.code(), a.text());
            assertTrue(a.text().contains("No such file"), a.text());
            assertEquals(spooled, fixture.spool.list().size(), "nothing was staged");
            assertRefused(data, "the PASV listener of a RETR that failed is closed, not left open");
            InetSocketAddress again = c.passive();
            expect(350, c.command("REST 999999999"));
            GsiFtpClient.Answer past = c.command("RETR /data/" + SMALL);
            assertEquals(554, past.code(), past.text());
            assertRefused(again, "nor after REST past the end");
            assertEquals(200, c.command("NOOP").code());
        }
        fixture.assertServes(SMALL);
    }

    @Test
    void aPfnTheBackendRefusesIsNotServed() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret.txt"), "outside the backend's root");
        Files.createSymbolicLink(fixture.root.resolve("escape.bin"), secret);
        Files.createDirectories(fixture.root.resolve("subdir"));
        try (GsiFtpClient c = session()) {
            InetSocketAddress data = c.passive();
            GsiFtpClient.Answer link = c.command("RETR /data/escape.bin");
            assertEquals(501, link.code(), link.text());
            // The backend's reason (a symbolic link) names the PFN: it goes to the site's log, not here.
            assertTrue(link.text().contains("Invalid path: /data/escape.bin"), link.text());
            assertRefused(data, "no data connection is offered");
            c.passive();
            GsiFtpClient.Answer notAFile = c.command("RETR /data/subdir");
            assertEquals(550, notAFile.code(), notAFile.text());
            assertTrue(notAFile.text().contains("No such file: /data/subdir"), notAFile.text());
        }
        fixture.assertServes(SMALL);
    }

    @Test
    void aClientThatVanishesMidTransferIsCleanedUp() throws Exception {
        GsiFtpClient c = session();
        InetSocketAddress address = c.passive();
        c.writeCommand("RETR /data/" + BIG);
        Socket data = new Socket();
        data.connect(address, 10_000);
        data.setSoTimeout(30_000);
        expect(150, c.read());
        GsiFtpClient.readSome(data.getInputStream(), new byte[1 << 20]);
        assertEquals(1, fixture.pins(), "the spool file is pinned while it is sent");
        assertEquals(1, fixture.door.activeSessions());
        GsiFtpClient.vanish(data);
        GsiFtpClient.vanish(c.socket);
        fixture.awaitIdle(); // session ended, spool file unpinned
        fixture.assertServes(SMALL);
    }

    @Test
    void aThousandUnknownCommandsAreEachRefusedAndTheSessionGoesOn() throws Exception {
        try (GsiFtpClient c = GsiFtpClient.login(fixture.door.port())) {
            for (int i = 0; i < 1000; i++) {
                GsiFtpClient.Answer a = c.command("XYZZY " + i);
                assertTrue(a.code() >= 500 && a.code() < 600, i + ": " + a.text());
            }
            assertEquals(200, c.command("NOOP").code());
            assertArrayEquals(Files.readAllBytes(fixture.root.resolve(SMALL)), c.download("/data/" + SMALL));
        }
        fixture.assertServes(SMALL);
    }

    @Test
    void aLineLongerThanTheLimitIs500AndTheSessionGoesOn() throws Exception {
        try (GsiFtpClient c = GsiFtpClient.connect(fixture.door.port())) {
            c.writeLine("NOOP " + "x".repeat(ControlChannel.MAX_LINE + 10));
            assertEquals(500, c.read().code(), "before login");
            c.authenticate(DoorFixture.PKI.proxy());
            expect(331, c.command("USER :globus-mapping:"));
            expect(230, c.command("PASS x"));
            c.writeLine("ENC " + "A".repeat(ControlChannel.MAX_LINE * 2));
            GsiFtpClient.Answer a = c.read();
            assertEquals(500, a.code(), a.text());
            assertTrue(a.text().contains(Integer.toString(ControlChannel.MAX_LINE)), a.text());
            assertEquals(200, c.command("NOOP").code());
            assertArrayEquals(Files.readAllBytes(fixture.root.resolve(SMALL)), c.download("/data/" + SMALL));
        }
        fixture.assertServes(SMALL);
    }

    @Test
    void modeEOverFewerConnectionsThanAnnouncedStillDeliversTheFile() throws Exception {
        List<GsiFtpClient.Blocks> got = modeE(4, 1);
        assertEquals(1, got.size());
        assertTrue(got.get(0).eod(), "the one connection ends with EOD");
        assertEquals(1, got.get(0).eofCount(), "EOF announces one EOD: the connections actually used");
        assertEquals(blocks.length, got.get(0).bytes());
        fixture.assertServes(SMALL);
    }

    @Test
    void modeEConnectionsBeyondThoseAnnouncedAreRefused() throws Exception {
        List<GsiFtpClient.Blocks> got = modeE(2, 6);
        List<GsiFtpClient.Blocks> used = got.stream().filter(GsiFtpClient.Blocks::eod).toList();
        assertEquals(2, used.size(), "the announced two carry the file: " + got);
        assertEquals(4, got.stream().filter(b -> !b.eod() && b.bytes() == 0).count(), "four refused: " + got);
        assertEquals(blocks.length, used.stream().mapToLong(GsiFtpClient.Blocks::bytes).sum());
        assertTrue(used.stream().anyMatch(b -> b.eofCount() == 2), "EOF announces two EODs: " + got);
        fixture.assertServes(SMALL);
    }

    /**
     * RETR of {@link #BLOCKS} in MODE E after announcing {@code announced} streams, over
     * {@code opened} data connections; checks 226 and the reassembled bytes.
     */
    private List<GsiFtpClient.Blocks> modeE(int announced, int opened) throws Exception {
        byte[] file = new byte[blocks.length];
        ExecutorService readers = Executors.newCachedThreadPool();
        try (GsiFtpClient c = session()) {
            expect(200, c.command("MODE E"));
            expect(200, c.command("OPTS RETR Parallelism=" + announced + "," + announced + "," + announced + ";"));
            InetSocketAddress address = c.passive();
            c.writeCommand("RETR /data/" + BLOCKS);
            List<Future<GsiFtpClient.Blocks>> streams = new ArrayList<>();
            for (int i = 0; i < opened; i++) {
                streams.add(readers.submit(() -> readStream(address, file)));
            }
            expect(150, c.read());
            List<GsiFtpClient.Blocks> got = new ArrayList<>();
            for (Future<GsiFtpClient.Blocks> f : streams) {
                got.add(f.get(60, TimeUnit.SECONDS));
            }
            GsiFtpClient.Answer done = c.read();
            assertEquals(226, done.code(), done.text());
            assertArrayEquals(blocks, file, "the reassembled blocks are the file");
            return got;
        } finally {
            readers.shutdownNow();
        }
    }

    /** A logged-in raw client (no delegation, so DCAU N) set for binary transfers. */
    private static GsiFtpClient session() throws Exception {
        GsiFtpClient c = GsiFtpClient.login(fixture.door.port());
        expect(200, c.command("TYPE I"));
        expect(200, c.command("DCAU N"));
        return c;
    }

    /** One data connection's blocks; Blocks(0, false, -1) for one the door refused or reset. */
    private static GsiFtpClient.Blocks readStream(InetSocketAddress address, byte[] file) {
        try (Socket s = new Socket()) {
            s.connect(address, 10_000);
            s.setSoTimeout(30_000);
            return GsiFtpClient.readBlocks(s, file);
        } catch (IOException e) {
            return new GsiFtpClient.Blocks(0, false, -1);
        }
    }

    private static void assertRefused(InetSocketAddress address, String why) throws IOException {
        try (Socket s = new Socket()) {
            assertThrows(IOException.class, () -> s.connect(address, 2000), why);
        }
    }

    private static void assertNothingWritten(Path out) throws IOException {
        assertTrue(!Files.exists(out) || Files.size(out) == 0, out + " has " + (Files.exists(out) ? Files.size(out)
                : 0) + " bytes");
    }
}
