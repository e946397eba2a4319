package org.mdm.hydra.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.keyserver.KeyServers;
import org.mdm.hydra.keyserver.KeyServersConfig;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;
import org.mdm.security.VomsAttributes;
import org.mdm.security.admission.PreAuthLimits;
import org.mdm.security.admission.Trickler;

/**
 * Issue 15 against three real key servers: hundreds of connections to two of them that start a
 * TLS record and trickle it one byte at a time. Before, 20 such connections made a server
 * unreachable and two such servers denied every key rebuild; now each trickler is closed at the
 * handshake deadline, one address holds a few slots only, and a user still rebuilds a key.
 */
class HandshakeFloodTest {
    private static final String ID = "1.2.826.0.1.3680043.8.498.15";
    /**
     * This test's bounds: 24 handshakes in progress, 4 per address, 5 s to finish one (a real
     * handshake takes milliseconds, but up to seconds on a 2-core machine shared with builds).
     */
    private static final PreAuthLimits LIMITS = new PreAuthLimits(24, 4, Duration.ofSeconds(5));
    /** The deadline plus scheduling slack on a busy machine. */
    private static final long LONGEST_MILLIS = LIMITS.deadline().toMillis() + 2_500;
    /** A TLS handshake record header announcing 16 KiB that never come whole. */
    private static final byte[] TLS_RECORD = {0x16, 0x03, 0x01, 0x40, 0x00};

    private static GridTrust trust;
    private static VomsAttributes voms;

    @TempDir
    Path dir;

    @BeforeAll
    static void trust() throws Exception {
        trust = GridTrust.fromDirectory(ThreeServers.PKI.certDir());
        voms = VomsAttributes.create(ThreeServers.PKI.vomsDir(), trust);
    }

    @AfterAll
    static void closeTrust() {
        voms.close();
        trust.close();
    }

    @Test
    void aUserRebuildsKeysWhileTwoOfThreeServersAreFlooded() throws Exception {
        try (ThreeServers three = new ThreeServers(dir, trust, voms, LIMITS)) {
            ImageKey key = ImageKey.generate(ID);
            try (KeyServers user = patientClient(three)) {
                user.register(key, List.of());
            }
            CompletableFuture<Trickler.Result> first = flood(three.servers.get(0).port());
            CompletableFuture<Trickler.Result> second = flood(three.servers.get(1).port());
            for (int i = 0; i < 5; i++) {
                Thread.sleep(2_000);
                // A new client each time: new TLS handshakes, not connections kept from before.
                try (KeyServers user = patientClient(three)) {
                    assertArrayEquals(key.material(), user.fetch(ID).material(), "rebuild " + (i + 1));
                    assertTrue(user.getAcl(ID).size() >= 2, "getacl " + (i + 1));
                }
            }
            assertFalse(first.isDone() || second.isDone(), "the floods were still on during every rebuild");
            assertHeldToTheDeadline(first.join());
            assertHeldToTheDeadline(second.join());
        }
    }

    /**
     * The user's client with 10 s timeouts instead of 2 s: this test shares 2 cores with builds,
     * where a first handshake can take seconds; the JDK server held the flood's handshakes for
     * 30 to 50 s, so it failed this client all the same.
     */
    private static KeyServers patientClient(ThreeServers three) throws Exception {
        Duration patient = Duration.ofSeconds(10);
        return new KeyServers(new KeyServersConfig(three.uris(), 2, patient, patient, patient.multipliedBy(2)),
                Credentials.loadProxy(ThreeServers.PKI.proxy()), trust);
    }

    /** 150 connections at once from 4 attacking addresses, reopened as they are closed, for 16 s. */
    private static CompletableFuture<Trickler.Result> flood(int port) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return new Trickler(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                        Trickler.loopbacks(2, 4), 150, 3000, TLS_RECORD).run(Duration.ofSeconds(16), Duration.ofMillis(500));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static void assertHeldToTheDeadline(Trickler.Result r) {
        assertTrue(r.opened() >= 150, r.toString());
        assertTrue(r.refusedAtOnce() > 0, "the per-address bound refused some at once: " + r);
        assertTrue(r.closedLater() > 0, "the handshake deadline closed tricklers: " + r);
        assertTrue(r.longestClosedLater() <= LONGEST_MILLIS, "a trickler lived " + r.longestClosedLater() + " ms: " + r);
        assertTrue(r.oldestAtEnd() <= LONGEST_MILLIS, "a trickler was open after " + r.oldestAtEnd() + " ms: " + r);
    }
}
