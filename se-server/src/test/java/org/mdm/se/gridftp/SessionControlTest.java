package org.mdm.se.gridftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mdm.se.gridftp.GsiFtpClient.expect;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ABOR of a running transfer, and the login and idle timeouts, against the real door. */
class SessionControlTest {
    private static final String BIG = "big.bin";
    private static final String SMALL = "small.bin";

    @TempDir
    static Path dir;
    static DoorFixture fixture;
    static byte[] small;

    @BeforeAll
    static void start() throws Exception {
        fixture = new DoorFixture(dir.resolve("door"), List.of("dn:" + DoorFixture.PKI.userDn()),
                Duration.ofSeconds(30), 10, Duration.ofSeconds(2), Duration.ofSeconds(3));
        fixture.file(BIG, 200L * 1024 * 1024);
        small = Files.readAllBytes(fixture.file(SMALL, 70_001));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void aborStopsTheTransferWith426Then226AndTheSessionGoesOn() throws Exception {
        try (GsiFtpClient c = GsiFtpClient.login(fixture.door.port())) {
            expect(200, c.command("TYPE I"));
            expect(200, c.command("DCAU N"));
            InetSocketAddress address = c.passive();
            c.writeCommand("RETR " + DoorFixture.MOUNT + BIG);
            try (Socket data = new Socket()) {
                data.connect(address, 10_000);
                data.setSoTimeout(30_000);
                expect(150, c.read());
                GsiFtpClient.readSome(data.getInputStream(), new byte[1 << 20]);
                c.writeCommand("ABOR");
                expect(426, c.read());
                expect(226, c.read());
            }
            expect(200, c.command("NOOP"));
            assertEquals(0, fixture.pins(), "the aborted transfer's spool file is unpinned");
            assertArrayEquals(small, c.download(DoorFixture.MOUNT + SMALL), "the same session downloads again");
        }
        fixture.awaitIdle();
    }

    @Test
    void aClientThatDoesNotAuthenticateInTimeGets421AndIsDisconnected() throws Exception {
        try (GsiFtpClient c = GsiFtpClient.connect(fixture.door.port())) {
            long t0 = System.nanoTime();
            GsiFtpClient.Answer a = c.read();
            assertEquals(421, a.code(), a.text());
            assertTrue(a.text().contains("Login timeout"), a.text());
            assertTrue(System.nanoTime() - t0 > 1_500_000_000L, "not before the 2 s login timeout");
            assertEquals(-1, c.socket.getInputStream().read(), "closed after the 421");
        }
        fixture.awaitIdle();
    }

    @Test
    void aLoggedInClientIdleTooLongGets421() throws Exception {
        try (GsiFtpClient c = GsiFtpClient.login(fixture.door.port())) {
            expect(200, c.command("NOOP"));
            GsiFtpClient.Answer a = c.read();
            assertEquals(421, a.code(), a.text());
            assertTrue(a.text().contains("Idle timeout"), a.text());
        }
        fixture.awaitIdle();
        fixture.assertServes(SMALL);
    }
}
