package org.mdm.hydra.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.keyserver.KeyOutcome;
import org.mdm.hydra.keyserver.KeyServers;
import org.mdm.hydra.keyserver.KeyServersConfig;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.Right;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;

/**
 * Bulk registration, reads and deletes, and hedged reads, against three real in-process key
 * servers; what each server was asked is read from its own request counts.
 */
class BatchKeyServersTest extends OnThreeServers {
    private static final String BATCH_GET = "POST /v1/batch/get";
    private static final String BATCH_PUT = "POST /v1/batch/put";
    private static final String GET = "GET /v1/keys/{id}";
    /** Long enough that a hedge never happens because a loaded test machine was slow. */
    private static final Duration NO_HEDGE = Duration.ofSeconds(30);

    private GridCredential user;

    @BeforeEach
    void loadUser() throws Exception {
        user = Credentials.loadProxy(PKI.proxy());
    }

    /** Generous timeouts: the machine running the tests may be busy, and no test here is about them. */
    private KeyServersConfig config(List<URI> uris) {
        Duration generous = Duration.ofSeconds(15);
        return new KeyServersConfig(uris, 2, generous, generous, generous.multipliedBy(2));
    }

    private static List<ImageKey> keys(String prefix, int n) {
        List<ImageKey> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(ImageKey.generate(prefix + "." + i));
        }
        return keys;
    }

    private static List<String> ids(List<ImageKey> keys) {
        return keys.stream().map(ImageKey::keyId).toList();
    }

    @Test
    void twoHundredKeysGoInOneRequestPerServerAndComeBackFromTwoServers() throws Exception {
        List<ImageKey> keys = keys("1.2.3.bulk", 200);
        try (KeyServers client = three.client(user, config(three.uris()).withHedgeDelay(NO_HEDGE))) {
            Map<String, KeyOutcome<Void>> registered = client.registerAll(keys, List.of());
            assertEquals(ids(keys), List.copyOf(registered.keySet()), "one outcome per key, in order");
            registered.values().forEach(o -> assertTrue(o.ok(), String.valueOf(o.failure())));
            Map<String, KeyOutcome<ImageKey>> fetched = client.fetchAll(ids(keys));
            for (ImageKey key : keys) {
                assertArrayEquals(key.material(), fetched.get(key.keyId()).get().material(), key.keyId());
            }
            assertArrayEquals(keys.get(7).material(), client.fetch(keys.get(7).keyId()).material());
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(1, three.requests(i, BATCH_PUT), "server " + i + " got every share in one request");
            assertEquals(200, ids(keys).stream().filter(id -> findQuietly(0, id)).count());
        }
        assertEquals(List.of(1L, 1L, 0L), List.of(three.requests(0, BATCH_GET), three.requests(1, BATCH_GET),
                three.requests(2, BATCH_GET)), "k = 2 servers asked, the third not needed");
        assertEquals(List.of(1L, 1L, 0L), List.of(three.requests(0, GET), three.requests(1, GET),
                three.requests(2, GET)), "the single fetch: also two servers");
    }

    private boolean findQuietly(int server, String id) {
        try {
            return three.stores.get(server).find(id).isPresent();
        } catch (MdmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void largerListsAreSplitIntoBatchesOfTheConfiguredSize() throws Exception {
        List<ImageKey> keys = keys("1.2.3.split", 25);
        try (KeyServers client = three.client(user, config(three.uris()).withHedgeDelay(NO_HEDGE).withBatchSize(10))) {
            client.registerAll(keys, List.of()).values().forEach(o -> assertTrue(o.ok(), String.valueOf(o.failure())));
            Map<String, KeyOutcome<ImageKey>> fetched = client.fetchAll(ids(keys));
            assertEquals(25, fetched.values().stream().filter(KeyOutcome::ok).count());
        }
        assertEquals(3, three.requests(0, BATCH_PUT));
        assertEquals(3, three.requests(0, BATCH_GET));
    }

    @Test
    void oneConflictingIdFailsAloneAndIsRolledBackWhereItWasWritten() throws Exception {
        List<ImageKey> keys = keys("1.2.3.conflict", 10);
        String taken = keys.get(4).keyId();
        StoredShare foreign = new StoredShare(taken, "/C=FR/O=MDM/CN=Someone Else", 3, new byte[32], List.of());
        assertTrue(three.stores.get(2).insert(foreign));
        try (KeyServers client = three.client(user, config(three.uris()))) {
            Map<String, KeyOutcome<Void>> outcomes = client.registerAll(keys, List.of());
            MdmException e = outcomes.get(taken).failure();
            assertEquals(Status.INVALID_REQUEST, e.status());
            assertTrue(e.getMessage().contains(three.uris().get(2) + " (conflict"), e.getMessage());
            assertTrue(e.getMessage().contains("already registered"), e.getMessage());
            assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
            assertEquals(9, outcomes.values().stream().filter(KeyOutcome::ok).count());
            for (ImageKey key : keys) {
                if (!key.keyId().equals(taken)) {
                    assertArrayEquals(key.material(), client.fetch(key.keyId()).material());
                }
            }
        }
        assertTrue(three.stores.get(0).find(taken).isEmpty(), "rolled back on server 1");
        assertTrue(three.stores.get(1).find(taken).isEmpty(), "rolled back on server 2");
        assertEquals(foreign.owner(), three.stores.get(2).find(taken).orElseThrow().owner(), "the original is kept");
    }

    @Test
    void eachKeyOfABatchReadIsCheckedAgainstItsOwnAcl() throws Exception {
        List<ImageKey> readable = keys("1.2.3.granted", 3);
        List<ImageKey> hidden = keys("1.2.3.private", 2);
        try (KeyServers owner = three.client(user, config(three.uris()));
                KeyServers site = three.client(Credentials.load(PKI.hostCert(), PKI.hostKey()), config(three.uris()))) {
            owner.registerAll(readable, List.of(AclEntry.dn(PKI.hostDn(), Right.READ)));
            owner.registerAll(hidden, List.of(AclEntry.vo("othervo", Right.READ)));
            List<String> asked = new ArrayList<>(ids(readable));
            asked.add(1, hidden.get(0).keyId());
            asked.add("1.2.3.unknown");
            asked.add("bad/id");
            asked.add(hidden.get(1).keyId());
            Map<String, KeyOutcome<ImageKey>> got = site.fetchAll(asked);
            assertEquals(asked, List.copyOf(got.keySet()));
            for (ImageKey key : readable) {
                assertArrayEquals(key.material(), got.get(key.keyId()).get().material());
            }
            for (ImageKey key : hidden) {
                MdmException e = got.get(key.keyId()).failure();
                assertEquals(Status.AUTHORIZATION_FAILURE, e.status(), e.getMessage());
                for (URI u : three.uris()) {
                    assertTrue(e.getMessage().contains(u + " (denied"), e.getMessage());
                }
                assertNull(got.get(key.keyId()).value());
            }
            assertEquals(Status.NOT_FOUND, got.get("1.2.3.unknown").failure().status());
            assertEquals(Status.INVALID_REQUEST, got.get("bad/id").failure().status());
            // The same rules for deletes: the site holds no remove right.
            Map<String, KeyOutcome<Void>> deleted = site.deleteAll(ids(readable));
            deleted.values().forEach(o -> assertEquals(Status.AUTHORIZATION_FAILURE, o.failure().status()));
            assertTrue(three.stores.get(0).find(readable.get(0).keyId()).isPresent());
        }
    }

    @Test
    void deleteAllRemovesEveryShareAndAgainIsDone() throws Exception {
        List<ImageKey> keys = keys("1.2.3.delete", 5);
        try (KeyServers client = three.client(user, config(three.uris()))) {
            client.registerAll(keys, List.of());
            client.deleteAll(ids(keys).subList(0, 3)).values().forEach(o -> assertTrue(o.ok(), String.valueOf(o.failure())));
            client.deleteAll(ids(keys).subList(0, 3)).values().forEach(o -> assertTrue(o.ok(), "unknown is done"));
            Map<String, KeyOutcome<ImageKey>> got = client.fetchAll(ids(keys));
            for (int i = 0; i < 5; i++) {
                assertEquals(i >= 3, got.get(keys.get(i).keyId()).ok());
            }
            three.stop(1);
            MdmException e = client.deleteAll(ids(keys).subList(3, 5)).get(keys.get(3).keyId()).failure();
            assertEquals(Status.PEER_UNAVAILABLE, e.status());
            assertTrue(e.getMessage().contains(three.uris().get(1).toString()), e.getMessage());
        }
        assertTrue(three.stores.get(0).find(keys.get(3).keyId()).isEmpty());
    }

    @Test
    void aKeyListedTwiceIsRefusedBeforeAnythingIsSent() throws Exception {
        ImageKey key = ImageKey.generate("1.2.3.twice");
        try (KeyServers client = three.client(user, config(three.uris()))) {
            MdmException e = assertThrows(MdmException.class,
                    () -> client.registerAll(List.of(key, ImageKey.generate("1.2.3.twice")), List.of()));
            assertEquals(Status.INVALID_REQUEST, e.status());
        }
        assertEquals(0, three.requests(0, BATCH_PUT));
    }

    @Test
    void aStoppedFirstServerIsReplacedByTheThird() throws Exception {
        List<ImageKey> keys = keys("1.2.3.stopped", 20);
        try (KeyServers client = three.client(user, config(three.uris()).withHedgeDelay(NO_HEDGE))) {
            client.registerAll(keys, List.of());
            three.stop(0);
            assertArrayEquals(keys.get(0).material(), client.fetch(keys.get(0).keyId()).material());
            Map<String, KeyOutcome<ImageKey>> got = client.fetchAll(ids(keys));
            for (ImageKey key : keys) {
                assertArrayEquals(key.material(), got.get(key.keyId()).get().material());
            }
        }
        assertEquals(1, three.requests(2, GET), "the refused connection made the client ask the third server");
        assertEquals(1, three.requests(2, BATCH_GET));
    }

    /**
     * The first server accepts connections and never answers, and the connect and request
     * timeouts are longer than the whole-operation bound: without hedging on delay, the reads
     * would wait for it until the bound and fail (the control below). With a 100 ms hedge delay
     * the third server is asked and they succeed.
     */
    @Test
    void aSilentFirstServerIsHedgedAroundWithinTheOperationBound() throws Exception {
        List<ImageKey> keys = keys("1.2.3.silent", 20);
        try (KeyServers owner = three.client(user, config(three.uris()));
                JunkServers junk = new JunkServers()) {
            owner.registerAll(keys, List.of()).values().forEach(o -> assertTrue(o.ok(), String.valueOf(o.failure())));
            List<URI> uris = List.of(junk.blackHole(), three.uris().get(1), three.uris().get(2));
            Duration patient = Duration.ofSeconds(30);
            KeyServersConfig silentFirst = new KeyServersConfig(uris, 2, patient, patient, Duration.ofSeconds(8),
                    Duration.ofMillis(100), KeyServersConfig.DEFAULT_BATCH_SIZE);
            try (KeyServers client = three.client(user, silentFirst)) {
                assertArrayEquals(keys.get(0).material(), client.fetch(keys.get(0).keyId()).material());
            }
            try (KeyServers client = three.client(user, silentFirst)) {
                Map<String, KeyOutcome<ImageKey>> got = client.fetchAll(ids(keys));
                for (ImageKey key : keys) {
                    assertArrayEquals(key.material(), got.get(key.keyId()).get().material());
                }
            }
            KeyServersConfig noHedge = silentFirst.withHedgeDelay(NO_HEDGE);
            try (KeyServers client = three.client(user, noHedge)) {
                MdmException e = assertThrows(MdmException.class, () -> client.fetch(keys.get(1).keyId()));
                assertEquals(Status.PEER_UNAVAILABLE, e.status(), "the control: without the hedge the bound is hit");
                assertTrue(e.getMessage().contains(uris.get(0) + " (down"), e.getMessage());
            }
        }
    }
}
