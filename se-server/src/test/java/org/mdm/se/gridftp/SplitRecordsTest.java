package org.mdm.se.gridftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mdm.se.gridftp.GsiFtpClient.expect;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.security.Credentials;
import org.mdm.security.TlsContexts;

/**
 * A PROT P data channel whose client sends every TLS record split into one-byte TCP segments: the
 * door must reassemble them (issue 10 asked whether "Insufficient buffer remaining for AEAD cipher
 * fragment" could come from a record split across reads with an RFC proxy; it cannot: that error
 * needs a record whose whole fragment is shorter than the AEAD tag, such as the plaintext two-byte
 * alert a client sends when it gives up the handshake, as clients did on legacy proxies).
 */
class SplitRecordsTest {
    @TempDir
    static Path dir;
    static DoorFixture fixture;
    static byte[] content;
    private static final java.util.concurrent.atomic.AtomicInteger SEGMENTS = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        fixture = new DoorFixture(dir.resolve("door"));
        content = Files.readAllBytes(fixture.file("split.bin", 300_001));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aProtPDataChannelWhoseRecordsArriveByteByByteDeliversTheFile() throws Exception {
        try (GsiFtpClient c = GsiFtpClient.connect(fixture.door.port())) {
            expect(235, c.tryAuthenticate(DoorFixture.PKI.proxy(), true));
            expect(331, c.command("USER :globus-mapping:"));
            expect(230, c.command("PASS x"));
            expect(200, c.command("TYPE I"));
            expect(200, c.command("PBSZ 1048576"));
            expect(200, c.command("PROT P"));
            InetSocketAddress data = c.passive();
            c.writeCommand("RETR /data/split.bin");
            byte[] got;
            try (Socket tcp = new Socket()) {
                tcp.setTcpNoDelay(true); // one segment per byte written
                tcp.connect(data, 10_000);
                tcp.setSoTimeout(30_000);
                SSLSocket tls = splitting(tcp);
                tls.startHandshake();
                assertTrue(SEGMENTS.get() > 1000, "the handshake went out in " + SEGMENTS.get() + " one-byte writes");
                expect(150, c.read());
                got = tls.getInputStream().readAllBytes();
            }
            GsiFtpClient.Answer done = c.read();
            assertEquals(226, done.code(), done.text());
            assertArrayEquals(content, got);
        }
        fixture.assertServes("split.bin");
    }

    @Test
    void repeatedDcprivDownloadsWithAnRfcProxyAllSucceed() throws Exception {
        // The 425 "Insufficient buffer remaining for AEAD cipher fragment" came in about one legacy
        // -dcpriv run in three; with an RFC proxy none of these runs may show it.
        for (int i = 0; i < 6; i++) {
            Path out = dir.resolve("dcpriv-" + i + ".bin");
            GridClients.Run run = GridClients.globusUrlCopy(DoorFixture.PKI.proxy(), "-dcpriv", "-p", "4",
                    fixture.url("split.bin"), "file://" + out);
            assertTrue(run.ok(), "run " + i + ": " + run.output());
            assertArrayEquals(content, Files.readAllBytes(out), "run " + i);
        }
    }

    /** A TLS client (the user's proxy, the grid trust) over {@code tcp} that writes one byte per TCP write. */
    private static SSLSocket splitting(Socket tcp) throws Exception {
        SSLContext ctx = TlsContexts.server(Credentials.loadProxy(DoorFixture.PKI.proxy()), fixture.trust);
        Socket oneByteAtATime = new Socket() {
            @Override
            public OutputStream getOutputStream() throws IOException {
                return new FilterOutputStream(tcp.getOutputStream()) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        for (int i = 0; i < len; i++) {
                            out.write(b[off + i]);
                            out.flush();
                            SEGMENTS.incrementAndGet();
                        }
                    }
                };
            }

            @Override
            public java.io.InputStream getInputStream() throws IOException {
                return tcp.getInputStream();
            }

            @Override
            public boolean isConnected() {
                return tcp.isConnected();
            }

            @Override
            public java.net.InetAddress getInetAddress() {
                return tcp.getInetAddress();
            }

            @Override
            public int getPort() {
                return tcp.getPort();
            }

            @Override
            public synchronized void setSoTimeout(int timeout) throws java.net.SocketException {
                tcp.setSoTimeout(timeout);
            }

            @Override
            public synchronized void close() throws IOException {
                tcp.close();
            }
        };
        SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(oneByteAtATime, "localhost", tcp.getPort(), true);
        tls.setUseClientMode(true);
        return tls;
    }
}
