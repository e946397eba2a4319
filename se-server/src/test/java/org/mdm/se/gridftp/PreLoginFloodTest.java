package org.mdm.se.gridftp;

import org.mdm.security.admission.LoginSlot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.security.admission.PreAuthLimits;
import org.mdm.security.admission.RefusalLog;
import org.mdm.security.admission.Trickler;
import org.slf4j.LoggerFactory;

/**
 * Issue 15 against the real door: hundreds of connections that read the banner and trickle one
 * byte at a time never log in, and must neither outlive the login deadline nor keep a real
 * client (globus-url-copy, and the raw GSI client) from logging in and downloading.
 */
class PreLoginFloodTest {
    private static final String FILE = "flood.bin";
    /**
     * The bounds of this test's door: 24 connections not logged in, 4 per address, 5 s to log in
     * (globus-url-copy logs in within a second, but within seconds on 2 cores shared with builds).
     */
    private static final PreAuthLimits LIMITS = new PreAuthLimits(24, 4, Duration.ofSeconds(5));
    /** The guard closes a trickler at the deadline plus LoginSlot.GRACE; this much more is scheduling slack. */
    private static final long LONGEST_MILLIS = LIMITS.deadline().plus(LoginSlot.GRACE).toMillis() + 2_500;

    @TempDir
    static Path dir;
    static DoorFixture fixture;

    private static int doors;

    /**
     * A door per test: its refusal log's windows (one line per reason per 10 s) start fresh, so
     * what one test's attack logged cannot hold back the lines another test reads.
     */
    @BeforeEach
    void start() throws Exception {
        fixture = new DoorFixture(dir.resolve("door" + ++doors), List.of("dn:" + DoorFixture.PKI.userDn()),
                Duration.ofSeconds(30), 10, LIMITS.deadline(), Duration.ofSeconds(60), s -> s.withPreAuth(LIMITS));
        fixture.file(FILE, 1 << 20);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void tricklingConnectionsNeitherOutliveTheLoginDeadlineNorLockOutARealClient() throws Exception {
        Logger refusals = (Logger) LoggerFactory.getLogger(RefusalLog.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        refusals.addAppender(lines);
        try {
            // 300 at once from 4 attacking addresses, reopened as the door closes them, for 16 s.
            Trickler attack = new Trickler(new InetSocketAddress(InetAddress.getLoopbackAddress(), fixture.door.port()),
                    Trickler.loopbacks(2, 4), 300, 4000, "NOOP".getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Trickler.Result> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return attack.run(Duration.ofSeconds(16), Duration.ofMillis(500));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(2_000);
            assertTrue(fixture.door.activeSessions() <= LIMITS.maxUnauthenticated(),
                    "connections held before login: " + fixture.door.activeSessions());
            Path out = dir.resolve("got.bin");
            GridClients.Run copy = GridClients.globusUrlCopy(DoorFixture.PKI.proxy(), fixture.url(FILE),
                    "file://" + out);
            assertTrue(copy.ok(), "globus-url-copy during the flood: " + copy.output());
            byte[] expected = Files.readAllBytes(fixture.root.resolve(FILE));
            assertArrayEquals(expected, Files.readAllBytes(out), "globus-url-copy's bytes");
            try (GsiFtpClient c = GsiFtpClient.login(fixture.door.port())) {
                assertArrayEquals(expected, c.download(DoorFixture.MOUNT + FILE), "the raw client's bytes");
            }
            assertTrue(!running.isDone(), "the flood was still on while the clients logged in");
            Trickler.Result r = running.join();
            assertTrue(r.opened() >= 300, r.toString());
            assertTrue(r.refusedAtOnce() > 0, "the per-address bound refused some at once: " + r);
            assertTrue(r.closedLater() > 0, "the deadline closed tricklers: " + r);
            assertTrue(r.longestClosedLater() <= LONGEST_MILLIS, "a trickler lived " + r.longestClosedLater() + " ms");
            assertTrue(r.oldestAtEnd() <= LONGEST_MILLIS, "a trickler was still open after " + r.oldestAtEnd() + " ms");
            assertLoggedSparingly(lines.list, r);
        } finally {
            refusals.detachAppender(lines);
        }
        fixture.awaitIdle();
    }

    /** Every kind of refusal is logged with an attacking address, in a few lines, not one per connection. */
    private static void assertLoggedSparingly(List<ILoggingEvent> events, Trickler.Result r) {
        List<String> text = events.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertTrue(text.size() < 30 && text.size() * 20 < r.refusedAtOnce() + r.closedLater(),
                text.size() + " log lines for " + r + ": " + text);
        assertTrue(text.stream().anyMatch(l -> l.contains("from this address") && l.contains("127.0.0.")), text.toString());
        assertTrue(text.stream().anyMatch(l -> l.contains("deadline") && l.contains("127.0.0.")), text.toString());
    }

    @Test
    void oneAddressGetsOnlyItsShareOfTheConnectionsBeforeLogin() throws Exception {
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < LIMITS.maxPerAddress(); i++) {
                held.add(connectFrom("127.0.0.20"));
                assertEquals(220, code(held.get(i)), "connection " + (i + 1) + " from one address");
            }
            try (Socket over = connectFrom("127.0.0.20")) {
                String refused = firstLine(over);
                assertTrue(refused.startsWith("421 ") && refused.contains("not logged in"), refused);
            }
            try (Socket other = connectFrom("127.0.0.21")) {
                assertEquals(220, code(other), "another address is not refused");
            }
            List<GsiFtpClient> users = new ArrayList<>();
            try {
                for (int i = 0; i <= LIMITS.maxPerAddress(); i++) {
                    users.add(GsiFtpClient.login(fixture.door.port())); // logged in: not counted per address
                }
            } finally {
                for (GsiFtpClient u : users) {
                    u.close();
                }
            }
            held.remove(0).close();
            assertEquals(220, retryFrom("127.0.0.20"), "a closed connection gives its slot back");
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        fixture.awaitIdle();
    }

    private static Socket connectFrom(String source) throws Exception {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), fixture.door.port()), 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static String firstLine(Socket s) throws Exception {
        String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        return line == null ? "(closed)" : line;
    }

    private static int code(Socket s) throws Exception {
        String line = firstLine(s);
        return line.length() >= 3 && Character.isDigit(line.charAt(0)) ? Integer.parseInt(line.substring(0, 3)) : -1;
    }

    /** The first reply code a new connection from {@code source} gets, retried for up to 5 s until it is 220. */
    private static int retryFrom(String source) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        int code;
        do {
            try (Socket s = connectFrom(source)) {
                code = code(s);
            }
            if (code != 220) {
                Thread.sleep(100);
            }
        } while (code != 220 && System.nanoTime() < end);
        return code;
    }
}
