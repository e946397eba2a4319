package org.mdm.se.gridftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mdm.se.gridftp.GsiFtpClient.expect;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input before and at login, against a real door: commands before authentication, malformed
 * ADAT tokens, untrusted and expired proxies (the real globus-url-copy and our raw client), a
 * user the access list does not name, and more clients than the door takes. Each test checks the
 * reply, that nothing was served, and that the door still serves a new client afterwards.
 */
class BadLoginTest {
    private static final String FILE = "small.bin";

    @TempDir
    static Path dir;
    static DoorFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new DoorFixture(dir.resolve("door"));
        fixture.file(FILE, 100_017);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void commandsBeforeAuthenticationAreRefusedWith530() throws Exception {
        try (GsiFtpClient c = GsiFtpClient.connect(fixture.door.port())) {
            for (String cmd : List.of("USER anonymous", "RETR /data/" + FILE, "PASV", "SIZE /data/" + FILE,
                    "MLST /data/" + FILE, "CWD /data", "STOR /data/x")) {
                GsiFtpClient.Answer a = c.send(cmd);
                assertEquals(530, a.code(), cmd + ": " + a.text());
            }
            assertEquals(503, c.send("PASS secret").code(), "PASS without AUTH");
            assertEquals(503, c.send("ENC " + Base64.getEncoder().encodeToString("RETR /data/x".getBytes())).code(),
                    "ENC without a security context");
            assertEquals(200, c.send("NOOP").code(), "the session is still alive");
            assertEquals(221, c.send("QUIT").code());
        }
        fixture.assertServes(FILE);
    }

    @Test
    void tooManyRefusedCommandsBeforeLoginEndTheConnectionWith421() throws Exception {
        try (GsiFtpClient c = GsiFtpClient.connect(fixture.door.port())) {
            for (int i = 1; i < Session.MAX_ERRORS_BEFORE_LOGIN; i++) {
                assertEquals(530, c.send("RETR /data/" + FILE).code(), "refused command " + i);
            }
            assertEquals(530, c.send("RETR /data/" + FILE).code(), "the last one is still answered");
            GsiFtpClient.Answer bye = c.read();
            assertEquals(421, bye.code(), bye.text());
            assertNull(c.read(), "the door closed the connection after 421");
        }
        fixture.assertServes(FILE);
    }

    @Test
    void malformedAdatIsRefusedAndTheDoorCarriesOn() throws Exception {
        try (GsiFtpClient c = GsiFtpClient.connect(fixture.door.port())) {
            expect(334, c.send("AUTH GSSAPI"));
            GsiFtpClient.Answer notBase64 = c.send("ADAT %%% this is not base64 %%%");
            assertEquals(535, notBase64.code(), notBase64.text());
            assertTrue(notBase64.text().contains("base64"), notBase64.text());
            assertEquals(503, c.send("ADAT AAAA").code(), "the failed AUTH is forgotten: ADAT needs a new AUTH");

            expect(334, c.send("AUTH GSSAPI"));
            byte[] http = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            GsiFtpClient.Answer notTls = c.send("ADAT " + Base64.getEncoder().encodeToString(http));
            assertEquals(535, notTls.code(), notTls.text());
            assertEquals(530, c.send("RETR /data/" + FILE).code(), "nothing is served after a failed handshake");

            c.authenticate(DoorFixture.PKI.proxy()); // the same connection may still log in properly
            expect(331, c.command("USER :globus-mapping:"));
            expect(230, c.command("PASS x"));
            assertArrayEquals(Files.readAllBytes(fixture.root.resolve(FILE)), c.download("/data/" + FILE));
        }
        fixture.assertServes(FILE);
    }

    /** Real globus-url-copy: fails, writes nothing. */
    @ParameterizedTest
    @ValueSource(strings = {"untrusted", "expired"})
    void globusUrlCopyWithABadProxyFailsAndWritesNothing(String which) throws Exception {
        Path proxy = which.equals("untrusted") ? DoorFixture.PKI.untrustedProxy() : DoorFixture.PKI.expiredProxy();
        Path out = dir.resolve("out-" + which + ".bin");
        GridClients.Run run = GridClients.globusUrlCopy(proxy, "-v", fixture.url(FILE), "file://" + out);
        assertFalse(run.ok(), which + " proxy: " + run.output());
        // The door refuses an untrusted chain (535); globus-url-copy will not even use an expired
        // proxy, so the door's own refusal of one is theDoorRefusesABadProxyInTheHandshake's.
        String why = which.equals("untrusted") ? "535 GSI authentication failed" : "expired";
        assertTrue(run.output().contains(why), which + " proxy: " + run.output());
        assertNothingWritten(out);
        fixture.assertServes(FILE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"untrusted", "expired"})
    void theDoorRefusesABadProxyInTheHandshake(String which) throws Exception {
        Path proxy = which.equals("untrusted") ? DoorFixture.PKI.untrustedProxy() : DoorFixture.PKI.expiredProxy();
        try (GsiFtpClient c = GsiFtpClient.connect(fixture.door.port())) {
            GsiFtpClient.Answer a = c.tryAuthenticate(proxy);
            assertEquals(535, a.code(), which + ": " + a.text());
            assertEquals(530, c.send("USER :globus-mapping:").code(), "not authenticated");
            assertEquals(530, c.send("RETR /data/" + FILE).code(), "nothing is served");
        }
        fixture.assertServes(FILE);
    }

    @Test
    void aUserMissingFromTheAccessListIsRefusedAtLogin() throws Exception {
        try (DoorFixture closed = new DoorFixture(dir.resolve("closed"), List.of("dn:/C=XX/CN=someone else"),
                Duration.ofSeconds(30), 200)) {
            closed.file(FILE, 4096);
            Path out = dir.resolve("out-denied.bin");
            GridClients.Run run = GridClients.globusUrlCopy(DoorFixture.PKI.proxy(), "-v", closed.url(FILE),
                    "file://" + out);
            assertFalse(run.ok(), run.output());
            assertTrue(run.output().contains("530") || run.output().contains("Permission denied"), run.output());
            assertNothingWritten(out);

            try (GsiFtpClient c = GsiFtpClient.connect(closed.door.port())) {
                c.authenticate(DoorFixture.PKI.proxy());
                expect(331, c.command("USER :globus-mapping:"));
                GsiFtpClient.Answer pass = c.command("PASS x");
                assertEquals(530, pass.code(), pass.text());
                assertTrue(pass.text().contains("Permission denied") && pass.text().contains(DoorFixture.PKI.userDn()),
                        pass.text());
                assertEquals(530, c.command("RETR /data/" + FILE).code(), "still not logged in");
                assertEquals(530, c.command("PASV").code(), "still not logged in");
            }
            closed.awaitIdle();
            assertEquals(List.of(), closed.spool.list(), "nothing was staged for a refused user");
        }
        fixture.assertServes(FILE);
    }

    @Test
    @SuppressWarnings("try") // two sessions are closed inside their block to free a slot
    void aSessionOverTheBoundGets421AndTheOthersCarryOn() throws Exception {
        try (DoorFixture bounded = new DoorFixture(dir.resolve("bounded"), List.of("dn:" + DoorFixture.PKI.userDn()),
                Duration.ofSeconds(30), 2)) {
            bounded.file(FILE, 10_000);
            int port = bounded.door.port();
            try (GsiFtpClient a = GsiFtpClient.login(port); GsiFtpClient b = GsiFtpClient.login(port);
                    GsiFtpClient third = GsiFtpClient.open(port)) {
                GsiFtpClient.Answer refused = third.read();
                assertEquals(421, refused.code(), refused.text());
                assertNull(third.read(), "closed after 421");
                assertEquals(2, bounded.door.activeSessions());
                assertArrayEquals(Files.readAllBytes(bounded.root.resolve(FILE)), b.download("/data/" + FILE),
                        "the sessions within the bound are served");
                a.close();
                b.close();
                bounded.assertServes(FILE); // a slot is free again
            }
        }
    }

    private static void assertNothingWritten(Path out) throws Exception {
        assertTrue(!Files.exists(out) || Files.size(out) == 0, out + " has " + (Files.exists(out) ? Files.size(out)
                : 0) + " bytes");
    }
}
