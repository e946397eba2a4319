package org.mdm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.md.client.MetadataConnection;
import org.mdm.md.client.Quote;
import org.mdm.md.client.Timeouts;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;

/** md-client's MetadataConnection against the real metadata service (se-server's MetadataDoor). */
class MetadataConnectionTest {
    private static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(20));
    private static final int IMAGES = 3000;
    private static final long MAX_ROWS = 2000;

    @TempDir
    Path dir;
    private MetadataSite site;
    private GridTrust trust;
    private GridCredential proxy;

    @BeforeEach
    void start() throws Exception {
        site = new MetadataSite("lyon", dir, IMAGES, MAX_ROWS);
        trust = GridTrust.fromDirectory(MetadataSite.PKI.certDir());
        proxy = Credentials.loadProxy(MetadataSite.PKI.proxy());
    }

    @AfterEach
    void stop() throws Exception {
        site.close();
        trust.close();
    }

    private MetadataConnection connect() throws MdmException {
        return MetadataConnection.connect("localhost", site.port(), proxy, trust, TIMEOUTS);
    }

    @Test
    void commandsRunInOneSessionAndRowsAreUnescaped() throws Exception {
        try (MetadataConnection md = connect()) {
            assertEquals(List.of("/"), md.execute("pwd"));
            assertEquals(List.of(), md.execute("cd /mdm/IMAGE"));
            assertEquals(List.of("/mdm/IMAGE"), md.execute("pwd"), "the session keeps its directory");
            assertEquals(MetadataSite.PKI.userDn(), md.execute("whoami").get(0));
            String image = "/mdm/IMAGE/" + MetadataSite.entry("lyon", 7);
            assertEquals(List.of(MetadataSite.entry("lyon", 7), "263", "CT"), md.execute("getattr " + image + " nx modality"));
            md.execute(Quote.command("setattr", image, "modality", "a 'quoted'\\ value"));
            assertEquals(List.of(MetadataSite.entry("lyon", 7), "a 'quoted'\\ value"),
                    md.execute("getattr " + image + " modality"));
            assertEquals(List.of(MetadataSite.entry("lyon", 1), MetadataSite.ODD_VALUE),
                    md.execute("getattr /mdm/IMAGE/" + MetadataSite.entry("lyon", 1) + " SOPinsUID"));
        }
    }

    @Test
    void conditionsAreQuotedWithQuoteAndAnInjectionIsJustAValue() throws Exception {
        try (MetadataConnection md = connect()) {
            List<String> found = md.execute(Quote.command("find", "/mdm/IMAGE", "nx < 259"));
            assertEquals(List.of(MetadataSite.entry("lyon", 0), MetadataSite.entry("lyon", 1),
                    MetadataSite.entry("lyon", 2)), found);
            assertEquals(List.of(), md.execute(Quote.command("find", "/mdm/IMAGE", "modality = '\\' or 1=1 --'")));
        }
    }

    @Test
    void anErrorAnswerIsRaisedWithItsStatusAndTheSessionGoesOn() throws Exception {
        try (MetadataConnection md = connect()) {
            MdmException e = assertThrows(MdmException.class, () -> md.execute("cd /mdm/NOWHERE"));
            assertEquals(Status.NOT_FOUND, e.status());
            assertTrue(e.getMessage().startsWith("localhost:" + site.port() + ": ") && e.getMessage().endsWith("(code 1)"),
                    e.getMessage());
            e = assertThrows(MdmException.class, () -> md.execute("frobnicate"));
            assertEquals(Status.NOT_SUPPORTED, e.status());
            assertTrue(md.isOpen());
            assertEquals(List.of("/"), md.execute("pwd"));
        }
    }

    @Test
    void rowsStreamAndAnAnswerCutByTheServersRowBoundIsAnErrorNotAResult() throws Exception {
        try (MetadataConnection md = connect()) {
            AtomicLong rows = new AtomicLong();
            md.execute(Quote.command("find", "/mdm/IMAGE", "nx < " + (256 + MAX_ROWS)), v -> rows.incrementAndGet());
            assertEquals(MAX_ROWS, rows.get());
            rows.set(0);
            MdmException e = assertThrows(MdmException.class, () -> md.execute(
                    Quote.command("find", "/mdm/IMAGE", "nx > 0"), v -> rows.incrementAndGet()));
            assertTrue(e.getMessage().contains("cut after some rows") && e.getMessage().contains("(code 18)"),
                    e.getMessage());
            assertTrue(rows.get() > 0, "rows came before the NAK");
            assertFalse(md.isOpen(), "the server ends a session after a NAK");
            assertEquals(Status.PEER_UNAVAILABLE, assertThrows(MdmException.class, () -> md.execute("pwd")).status());
        }
    }

    @Test
    void theServersHostNameIsChecked() {
        // The host certificate names localhost, not 127.0.0.1.
        MdmException e = assertThrows(MdmException.class,
                () -> MetadataConnection.connect("127.0.0.1", site.port(), proxy, trust, TIMEOUTS));
        assertEquals(Status.AUTHORIZATION_FAILURE, e.status());
        assertTrue(e.getMessage().contains("127.0.0.1:" + site.port()) && e.getMessage().contains("names 127.0.0.1"),
                e.getMessage());
    }

    @Test
    void aProxyOfAnUnknownCaIsRefused() throws Exception {
        GridCredential untrusted = Credentials.loadProxy(MetadataSite.PKI.untrustedProxy());
        MdmException e = assertThrows(MdmException.class, () -> {
            try (MetadataConnection md = MetadataConnection.connect("localhost", site.port(), untrusted, trust,
                    TIMEOUTS)) {
                md.execute("pwd");
            }
        });
        assertTrue(e.getMessage().contains("localhost:" + site.port()), e.getMessage());
    }

    /** What connecting says to a peer that greets with {@code greeting}; the peer's port is in the message. */
    private MdmException greetedWith(String greeting, List<String> expected) throws Exception {
        try (ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = other.accept(); OutputStream out = s.getOutputStream()) {
                    out.write(greeting.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    s.getInputStream().read();
                } catch (Exception ignored) {
                    // the client hung up
                }
            });
            t.start();
            MdmException e = assertThrows(MdmException.class,
                    () -> MetadataConnection.connect("localhost", other.getLocalPort(), proxy, trust, TIMEOUTS));
            t.join();
            for (String part : expected) {
                assertTrue(e.getMessage().contains(part), e.getMessage());
            }
            assertTrue(e.getMessage().contains("localhost:" + other.getLocalPort()), e.getMessage());
            return e;
        }
    }

    @Test
    void aPeerThatIsNotTheMetadataServiceIsNamedWithWhatItSaid() throws Exception {
        MdmException e = greetedWith("220 ftp.example.org FTP ready\nProtocol 2\nplain\n", List.of());
        assertEquals(Status.INTERNAL_ERROR, e.status(), e.getMessage()); // "220 ..." reads as an error code
    }

    @Test
    void aGreetingOfAnotherProtocolIsRefusedNamingIt() throws Exception {
        MdmException e = greetedWith("AMGA 2.4\nProtocol 2\nplain\n", List.of("'AMGA 2.4' 'Protocol 2' 'plain'"));
        assertEquals(Status.NOT_SUPPORTED, e.status());
    }

    @Test
    void aPeerThatAcceptsAndNeverSpeaksIsATimeout() throws Exception {
        // A misbehaving peer: the connection is accepted by the kernel and nothing is ever said.
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Timeouts shortAnswer = new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(500));
            MdmException e = assertThrows(MdmException.class,
                    () -> MetadataConnection.connect("localhost", silent.getLocalPort(), proxy, trust, shortAnswer));
            assertEquals(Status.TIMEOUT, e.status());
            assertTrue(e.getMessage().contains("within 500 ms (it sent nothing)"), e.getMessage());
        }
    }

    @Test
    void anAnswerSlowerThanTheTimeoutFailsAndDropsTheSession() throws Exception {
        try (StallingRelay relay = new StallingRelay(site.port());
                MetadataConnection md = MetadataConnection.connect("localhost", relay.endpoint().port(), proxy, trust,
                        new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(700)))) {
            assertEquals(List.of("/"), md.execute("pwd"));
            relay.stallAfter(0); // the server answers; the network holds it back
            MdmException e = assertThrows(MdmException.class, () -> md.execute("whoami"));
            assertEquals(Status.TIMEOUT, e.status());
            assertEquals(relay.endpoint() + " gave no complete answer to 'whoami' within 700 ms (md.timeout.ms); the"
                    + " connection is dropped", e.getMessage());
            assertFalse(md.isOpen());
        }
    }

    @Test
    void nothingListensIsSaidSo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        MdmException e = assertThrows(MdmException.class,
                () -> MetadataConnection.connect("localhost", port, proxy, trust, TIMEOUTS));
        assertEquals(Status.PEER_UNAVAILABLE, e.status());
        assertTrue(e.getMessage().contains("cannot connect to the metadata service localhost:" + port), e.getMessage());
    }

    @Test
    void commandsThatCannotBeSentAreRefusedBeforeSending() throws Exception {
        try (MetadataConnection md = connect()) {
            assertEquals(Status.INVALID_REQUEST, assertThrows(MdmException.class, () -> md.execute("pwd\nwhoami")).status());
            assertEquals(Status.INVALID_REQUEST, assertThrows(MdmException.class, () -> md.execute("  ")).status());
            assertEquals(Status.INVALID_REQUEST, assertThrows(MdmException.class,
                    () -> md.execute("find /mdm/IMAGE '" + "x".repeat(MetadataConnection.MAX_COMMAND_BYTES) + "'")).status());
            assertEquals(List.of("/"), md.execute("pwd"));
        }
    }

    @Test
    void aSinkThatThrowsAbandonsTheAnswerAndTheSession() throws Exception {
        try (MetadataConnection md = connect()) {
            List<String> seen = new ArrayList<>();
            assertThrows(IllegalStateException.class, () -> md.execute(Quote.command("find", "/mdm/IMAGE", "nx < 300"),
                    v -> {
                        seen.add(v);
                        throw new IllegalStateException("enough");
                    }));
            assertEquals(1, seen.size());
            assertFalse(md.isOpen());
        }
    }
}
