package org.mdm.gridftp.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Adler32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.gridftp.client.ClientSettings.DataAuthentication;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;
import org.mdm.security.testpki.TestPki;
import org.mdm.testing.GlobusGridFtpServer;

/** Downloads from Debian's globus-gridftp-server, started here, with the test PKI. */
class GlobusServerTest {
    static final TestPki PKI = TestPki.shared();
    @TempDir
    static Path dir;
    static GlobusGridFtpServer server;
    static GridTrust trust;
    static Path big;
    static Path small;

    @BeforeAll
    static void start() throws Exception {
        server = GlobusGridFtpServer.start(dir.resolve("server"), PKI.hostCert(), PKI.hostKey(), PKI.certDir(),
                PKI.userDn());
        trust = GridTrust.fromDirectory(PKI.certDir());
        Path data = Files.createDirectories(dir.resolve("data"));
        big = randomFile(data.resolve("big.bin"), 5 * 1024 * 1024 + 12345);
        small = randomFile(data.resolve("small.bin"), 70_001);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (trust != null) {
            trust.close();
        }
    }

    static Path randomFile(Path p, int size) throws Exception {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return Files.write(p, b);
    }

    static GridFtpClient client(ClientSettings settings) throws MdmException {
        return new GridFtpClient(Credentials.loadProxy(PKI.proxy()), trust, settings);
    }

    static GridFtpUrl url(Path p) throws MdmException {
        return GridFtpUrl.parse(server.url(p));
    }

    private void download(ClientSettings settings, TransferOptions options) throws Exception {
        Path out = dir.resolve("out-" + System.nanoTime());
        AtomicLong progress = new AtomicLong();
        try (GridFtpClient c = client(settings); GridFtpSession s = c.open(url(big))) {
            TransferResult r = s.retrieve(big.toString(), out, options, progress::set);
            assertEquals(Files.size(big), r.bytes());
            assertEquals(options.parallelism(), r.streams());
        } catch (MdmException e) {
            throw new AssertionError(e + "\nserver log:\n" + server.log(), e);
        }
        assertArrayEquals(Files.readAllBytes(big), Files.readAllBytes(out), "downloaded bytes differ");
        assertEquals(Files.size(big), progress.get(), "progress reported the whole file");
    }

    @Test
    void streamModeWithoutDcau() throws Exception {
        download(ClientSettings.defaults().withDcau(DataAuthentication.NONE), TransferOptions.stream());
    }

    @Test
    void streamModeWithDcau() throws Exception {
        download(ClientSettings.defaults(), TransferOptions.stream());
    }

    @Test
    void fourStreamsWithoutDcau() throws Exception {
        download(ClientSettings.defaults().withDcau(DataAuthentication.NONE), TransferOptions.parallel(4));
    }

    @Test
    void fourStreamsWithDcau() throws Exception {
        download(ClientSettings.defaults(), TransferOptions.parallel(4));
    }

    @Test
    void dataPrivacy() throws Exception {
        download(ClientSettings.defaults(), TransferOptions.parallel(2).withPrivacy(true));
    }

    @Test
    void streamModeWithDataPrivacy() throws Exception {
        download(ClientSettings.defaults(), TransferOptions.stream().withPrivacy(true));
    }

    /**
     * DCAU A without delegation cannot work (the server would have no proxy of ours for its side
     * of the data handshake; globus-gridftp-server then times out after minutes): refused at once.
     */
    @Test
    void dcauWithoutDelegationIsRefusedUpFront() throws Exception {
        ClientSettings undelegated = ClientSettings.defaults().withDelegation(ClientSettings.Delegation.NEVER);
        MdmException e = assertThrows(MdmException.class, () -> client(undelegated));
        assertEquals(Status.CONFIGURATION_ERROR, e.status(), e.getMessage());
        try (GridFtpClient c = client(undelegated.withDcau(DataAuthentication.NONE)); GridFtpSession s = c.open(url(big))) {
            Path out = dir.resolve("undelegated.bin");
            s.retrieve(big.toString(), out, TransferOptions.parallel(2), TransferListener.NONE);
            assertArrayEquals(Files.readAllBytes(big), Files.readAllBytes(out));
        }
    }

    @Test
    void factsAreTheFilesFacts() throws Exception {
        Adler32 adler = new Adler32();
        adler.update(Files.readAllBytes(big));
        try (GridFtpClient c = client(ClientSettings.defaults().withDcau(DataAuthentication.NONE));
                GridFtpSession s = c.open(url(big))) {
            assertEquals(Files.size(big), s.size(big.toString()));
            assertEquals(String.format("%08x", adler.getValue()), s.adler32(big.toString()));
            FileFacts f = s.stat(big.toString());
            assertTrue(f.isFile(), f.toString());
            assertEquals(Files.size(big), f.size().orElseThrow());
            long mtime = Files.getLastModifiedTime(big).toInstant().getEpochSecond();
            assertEquals(mtime, f.modified().orElseThrow().getEpochSecond());
            assertEquals(mtime, s.modified(big.toString()).getEpochSecond());
            assertTrue(f.permissions().contains("r"), f.toString());
            assertTrue(f.unixMode().isPresent(), f.toString());
            assertTrue(s.stat(dir.resolve("data").toString()).isDirectory());
            assertTrue(s.features().has("DCAU") && s.features().checksum("ADLER32"), s.features().toString());
        }
    }

    @Test
    void severalFilesOverOneSession() throws Exception {
        try (GridFtpClient c = client(ClientSettings.defaults()); GridFtpSession s = c.open(url(big))) {
            for (int i = 0; i < 3; i++) {
                for (Path p : new Path[] {small, big}) {
                    Path out = dir.resolve("many-" + i + "-" + p.getFileName());
                    s.retrieve(p.toString(), out, i == 1 ? TransferOptions.parallel(3) : TransferOptions.stream(),
                            TransferListener.NONE);
                    assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(out), p + " round " + i);
                }
            }
        }
    }

    @Test
    void missingFileIsNotFoundNamingThePath() throws Exception {
        Path missing = dir.resolve("data/missing.bin");
        Path out = dir.resolve("never");
        try (GridFtpClient c = client(ClientSettings.defaults()); GridFtpSession s = c.open(url(big))) {
            MdmException e = assertThrows(MdmException.class, () -> s.retrieve(missing.toString(), out,
                    TransferOptions.stream(), TransferListener.NONE));
            assertEquals(Status.NOT_FOUND, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
            assertFalse(Files.exists(out));
            assertEquals(Status.NOT_FOUND, assertThrows(MdmException.class, () -> s.size(missing.toString())).status());
            // the session is still usable after a refusal
            assertEquals(Files.size(small), s.size(small.toString()));
        }
    }

    @Test
    void directoryIsRefusedClearly() throws Exception {
        Path d = dir.resolve("data");
        try (GridFtpClient c = client(ClientSettings.defaults()); GridFtpSession s = c.open(url(big))) {
            MdmException e = assertThrows(MdmException.class, () -> s.retrieve(d.toString(), dir.resolve("d.out"),
                    TransferOptions.stream(), TransferListener.NONE));
            assertEquals(Status.INVALID_REQUEST, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains("is a directory") && e.getMessage().contains(d.toString()), e.getMessage());
        }
    }

    @Test
    void serverDownIsPeerUnavailableNamingHostAndPort() throws Exception {
        int port = GlobusGridFtpServer.freePort();
        try (GridFtpClient c = client(ClientSettings.defaults())) {
            MdmException e = assertThrows(MdmException.class,
                    () -> c.open(GridFtpUrl.parse("gsiftp://localhost:" + port + "/x")));
            assertEquals(Status.PEER_UNAVAILABLE, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains("localhost:" + port), e.getMessage());
        }
    }

    @Test
    void wrongHostNameIsRefused() throws Exception {
        try (GridFtpClient c = client(ClientSettings.defaults())) {
            MdmException e = assertThrows(MdmException.class,
                    () -> c.open(GridFtpUrl.parse("gsiftp://127.0.0.1:" + server.port() + "/x")));
            assertEquals(Status.AUTHORIZATION_FAILURE, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
        }
    }

    @Test
    void serverFromAnotherCaIsRefused(@TempDir Path other) throws Exception {
        TestPki elsewhere = TestPki.create(other);
        try (GlobusGridFtpServer impostor = GlobusGridFtpServer.start(other.resolve("server"), elsewhere.hostCert(),
                elsewhere.hostKey(), PKI.certDir(), PKI.userDn()); GridFtpClient c = client(ClientSettings.defaults())) {
            MdmException e = assertThrows(MdmException.class,
                    () -> c.open(GridFtpUrl.parse("gsiftp://localhost:" + impostor.port() + "/x")));
            assertEquals(Status.AUTHORIZATION_FAILURE, e.status(), e.getMessage());
        }
    }

    @Test
    void abortStopsTheDownloadAndLeavesNoFile() throws Exception {
        Path out = dir.resolve("aborted.bin");
        try (GridFtpClient c = client(ClientSettings.defaults()); GridFtpSession s = c.open(url(big))) {
            MdmException e = assertThrows(MdmException.class,
                    () -> s.retrieve(big.toString(), out, TransferOptions.parallel(4), bytes -> s.abort()));
            assertEquals(Status.CANCELLED, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains(big.toString()), e.getMessage());
            assertFalse(s.isOpen(), "a cancelled session is closed");
            assertEquals(Status.INVALID_REQUEST, assertThrows(MdmException.class, () -> s.size(big.toString())).status());
        }
        assertNoTrace(out);
    }

    @Test
    void interruptStopsTheDownloadAndLeavesNoFile() throws Exception {
        Path out = dir.resolve("interrupted.bin");
        Thread caller = Thread.currentThread();
        try (GridFtpClient c = client(ClientSettings.defaults()); GridFtpSession s = c.open(url(big))) {
            MdmException e = assertThrows(MdmException.class,
                    () -> s.retrieve(big.toString(), out, TransferOptions.stream(), bytes -> caller.interrupt()));
            assertEquals(Status.CANCELLED, e.status(), e.getMessage());
            assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
        }
        assertNoTrace(out);
    }

    /** The source shrinks under the server while it sends: fewer bytes than MLST said is a failure. */
    @Test
    void aShortTransferIsAnErrorAndLeavesNoFile() throws Exception {
        Path shrinking = randomFile(dir.resolve("data/shrinking.bin"), 32 * 1024 * 1024);
        Path out = dir.resolve("short.bin");
        AtomicLong truncated = new AtomicLong(-1);
        try (GridFtpClient c = client(ClientSettings.defaults().withDcau(DataAuthentication.NONE));
                GridFtpSession s = c.open(url(big))) {
            MdmException e = assertThrows(MdmException.class, () -> s.retrieve(shrinking.toString(), out,
                    TransferOptions.stream(), bytes -> {
                        if (truncated.compareAndSet(-1, bytes)) {
                            try (var ch = java.nio.channels.FileChannel.open(shrinking,
                                    java.nio.file.StandardOpenOption.WRITE)) {
                                ch.truncate(100_000);
                            } catch (java.io.IOException io) {
                                throw new java.io.UncheckedIOException(io);
                            }
                        }
                    }));
            assertTrue(e.status() == Status.CORRUPT_DATA || e.status() == Status.IO_ERROR, e.toString());
            assertTrue(e.getMessage().contains(shrinking.toString()), e.getMessage());
        }
        assertNoTrace(out);
    }

    /** Neither the target nor its temporary file exists. */
    private static void assertNoTrace(Path out) throws Exception {
        assertFalse(Files.exists(out), out + " exists");
        try (var files = Files.list(out.getParent())) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("." + out.getFileName())),
                    "a temporary file was left next to " + out);
        }
    }
}
