package org.mdm.se.gridftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mdm.se.gridftp.GsiFtpClient.expect;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.security.Credentials;
import org.mdm.security.ProxyTools;
import org.slf4j.LoggerFactory;

/**
 * Refused logins and refused work, with proxies made by the real tools and the real clients:
 * each refusal is answered, and leaves exactly one line in the door's log naming the DN (or the
 * subject offered), the client's address, the command and the reason. An expired proxy is
 * refused within a second of its expiry; a legacy proxy is refused at login with the command
 * that makes an RFC one.
 */
class RefusalsTest {
    private static final String FILE = "small.bin";

    @TempDir
    static Path dir;
    static DoorFixture fixture;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeAll
    static void start() throws Exception {
        fixture = DoorFixture.withTrap(dir.resolve("door"), List.of("dn:" + DoorFixture.PKI.userDn()));
        fixture.file(FILE, 10_000);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @BeforeEach
    void capture() {
        log.start();
        ((Logger) LoggerFactory.getLogger(RefusalLog.class)).addAppender(log);
    }

    @AfterEach
    void release() {
        ((Logger) LoggerFactory.getLogger(RefusalLog.class)).detachAppender(log);
    }

    /** The one refusal line logged so far; checks its DN, client address and command. */
    private String oneLine(String dn, String command) {
        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, lines.size(), "one line per refusal: " + lines);
        String line = lines.get(0);
        assertTrue(line.contains("dn=\"" + dn), line);
        assertTrue(line.contains("client=127.0.0.1"), line);
        assertTrue(line.contains("command=\"" + command), line);
        for (String bad : List.of(TrapBackend.AET, TrapBackend.HOST, TrapBackend.STUDY_UID, "ADAT ", "ENC ")) {
            assertFalse(line.contains(bad), "the log names '" + bad + "': " + line);
        }
        return line;
    }

    private static GridClients.Run gfalStat(Path proxy) throws Exception {
        return GridClients.run(List.of(GridClients.require("gfal-stat", "gfal2-util-scripts python3-gfal2-util"
                + " gfal2-plugin-gridftp").toString(), fixture.url(FILE)), proxy);
    }

    @Test
    void aProxyFromAnUntrustedCaIsRefusedAndLogged() throws Exception {
        try (GsiFtpClient c = GsiFtpClient.connect(fixture.door.port())) {
            GsiFtpClient.Answer a = c.tryAuthenticate(DoorFixture.PKI.untrustedProxy());
            assertNotEquals(235, a == null ? -1 : a.code());
        }
        assertTrue(oneLine(DoorFixture.PKI.untrustedUserDn(), "ADAT").contains("refused"));
    }

    @Test
    void aProxyIsRefusedWithinASecondOfItsExpiry() throws Exception {
        // voms-proxy-fake starts a one-hour proxy 3594 s in the past: it expires in about 6 s.
        Path proxy = ProxyTools.vomsProxyFake(DoorFixture.PKI, dir.resolve("x509up_short"), "-pastproxy", "3594",
                "-hours", "1");
        X509Certificate[] chain = Credentials.loadProxy(proxy).chain();
        Instant notAfter = chain[0].getNotAfter().toInstant();
        try (GsiFtpClient c = GsiFtpClient.connect(fixture.door.port())) {
            expect(235, c.tryAuthenticate(proxy));
        }
        assertTrue(Instant.now().isBefore(notAfter), "the login before expiry was in time");
        Thread.sleep(Math.max(0, notAfter.plusMillis(1000).toEpochMilli() - System.currentTimeMillis()));
        try (GsiFtpClient c = GsiFtpClient.connect(fixture.door.port())) {
            GsiFtpClient.Answer a = c.tryAuthenticate(proxy);
            assertEquals(535, a.code(), a.text());
            assertTrue(a.text().contains("expired"), a.text());
        }
        assertTrue(oneLine(DoorFixture.PKI.userDn(), "ADAT").contains("expired"));
        GridClients.Run gfal = gfalStat(proxy); // gfal2 does not check expiry itself: the door must
        assertFalse(gfal.ok(), gfal.output());
        assertTrue(gfal.output().contains("expired"), gfal.output());
    }

    @Test
    void aLegacyProxyIsRefusedAtLoginWithTheCommandToUse() throws Exception {
        Path proxy = ProxyTools.gridProxyInit(DoorFixture.PKI, dir.resolve("x509up_old"), "-old");
        GridClients.Run copy = GridClients.globusUrlCopy(proxy, fixture.url(FILE), "file://" + dir.resolve("old.bin"));
        assertFalse(copy.ok(), copy.output());
        assertTrue(copy.output().contains("grid-proxy-init -rfc"), copy.output());
        assertTrue(oneLine(DoorFixture.PKI.userDn(), "ADAT").contains("legacy"));
    }

    @Test
    void aLimitedRfcProxyIsServed() throws Exception {
        Path proxy = ProxyTools.gridProxyInit(DoorFixture.PKI, dir.resolve("x509up_limited"), "-rfc", "-limited");
        GridClients.Run stat = gfalStat(proxy);
        assertTrue(stat.ok(), stat.output());
        assertEquals(List.of(), log.list, "nothing refused");
    }

    @Test
    void anExpiredAttributeCertificateIsIgnoredAndLogged() throws Exception {
        // An AC of one hour started 3660 s ago: expired 60 s ago. The DN alone may read here.
        Path proxy = ProxyTools.vomsProxyFake(DoorFixture.PKI, dir.resolve("x509up_old_ac"), "-pastac", "3660",
                "-vomslife", "1");
        GridClients.Run stat = gfalStat(proxy);
        assertTrue(stat.ok(), stat.output());
        String line = oneLine(DoorFixture.PKI.userDn(), "ADAT");
        assertTrue(line.contains("VOMS attributes ignored") && line.contains("expired"), line);
    }

    @Test
    void aDnTheAccessListDoesNotNameIsRefusedAndLogged() throws Exception {
        try (DoorFixture closed = new DoorFixture(dir.resolve("closed"), List.of("dn:/C=XX/CN=someone else"),
                java.time.Duration.ofSeconds(30), 10); GsiFtpClient c = GsiFtpClient.connect(closed.door.port())) {
            c.authenticate(DoorFixture.PKI.proxy());
            expect(331, c.command("USER :globus-mapping:"));
            assertEquals(530, c.command("PASS x").code());
        }
        assertTrue(oneLine(DoorFixture.PKI.userDn(), "PASS").contains("Permission denied"));
    }

    @Test
    void aPathTheBackendDeniesIsLogged() throws Exception {
        String path = DoorFixture.TRAP_MOUNT + "1.2.3/AUTHORIZATION_FAILURE";
        try (GsiFtpClient c = GsiFtpClient.login(fixture.door.port())) {
            assertEquals(550, c.command("SIZE " + path).code());
        }
        assertTrue(oneLine(DoorFixture.PKI.userDn(), "SIZE " + path).contains("Permission denied"));
    }

    @Test
    void aDataChannelWhoseHandshakeFailsIsRefusedAndLogged() throws Exception {
        try (GsiFtpClient c = GsiFtpClient.connect(fixture.door.port())) {
            expect(235, c.tryAuthenticate(DoorFixture.PKI.proxy(), true)); // delegates: DCAU A applies
            expect(331, c.command("USER :globus-mapping:"));
            expect(230, c.command("PASS x"));
            expect(200, c.command("TYPE I"));
            InetSocketAddress data = c.passive();
            c.writeCommand("RETR /data/" + FILE);
            try (Socket s = new Socket()) {
                s.connect(data, 10_000);
                OutputStream out = s.getOutputStream();
                out.write("this is not a TLS record\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
                expect(150, c.read());
                GsiFtpClient.Answer a = c.read();
                assertEquals(425, a.code(), a.text());
            }
            assertEquals(200, c.command("NOOP").code(), "the session goes on");
        }
        assertTrue(oneLine(DoorFixture.PKI.userDn(), "RETR /data/" + FILE).contains("DCAU"));
    }
}
