package org.mdm.hydra.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.keyserver.KeyServers;
import org.mdm.hydra.protocol.AclDocument;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.Right;
import org.mdm.security.Credentials;
import org.mdm.security.ProxyTools;
import org.mdm.security.testpki.TestPki;

/** The key-server client against three real in-process key servers over HTTPS. */
class KeyServersTest extends OnThreeServers {
    private static final String ID = "1.2.826.0.1.3680043.8.498.12345";


    @Test
    void registerThenFetchGivesTheSameKey() throws Exception {
        ImageKey key = ImageKey.generate(ID);
        try (KeyServers user = three.client(PKI.proxy())) {
            user.register(key, List.of());
            assertArrayEquals(key.material(), user.fetch(ID).material());
        }
        for (int i = 0; i < 3; i++) {
            StoredShare s = three.stores.get(i).find(ID).orElseThrow();
            assertEquals(i + 1, s.x());
            assertEquals(PKI.userDn(), s.owner());
            assertFalse(java.util.Arrays.equals(key.material(), s.share()), "a server holds the plain key");
        }
    }

    @Test
    void aDeletedKeyIsGoneFromEveryServerAndDeletingAgainIsDone() throws Exception {
        try (KeyServers user = three.client(PKI.proxy())) {
            user.register(ImageKey.generate(ID), List.of());
            user.delete(ID);
            for (int i = 0; i < 3; i++) {
                assertTrue(three.stores.get(i).find(ID).isEmpty(), "share " + (i + 1) + " deleted");
            }
            user.delete(ID); // what a retried undo does
            assertEquals(Status.NOT_FOUND, assertThrows(MdmException.class, () -> user.fetch(ID)).status());
            user.register(ImageKey.generate(ID), List.of());
            three.stop(1);
            MdmException e = assertThrows(MdmException.class, () -> user.delete(ID));
            assertEquals(Status.PEER_UNAVAILABLE, e.status());
            assertTrue(e.getMessage().contains(three.uris().get(1).toString()), e.getMessage());
            assertTrue(three.stores.get(0).find(ID).isEmpty() && three.stores.get(2).find(ID).isEmpty(),
                    "deleted where the server answered");
        }
    }

    @Test
    void oneServerDownStillWorks() throws Exception {
        ImageKey key = ImageKey.generate(ID);
        try (KeyServers user = three.client(PKI.proxy())) {
            user.register(key, List.of());
            three.stop(1);
            assertArrayEquals(key.material(), user.fetch(ID).material());
        }
    }

    @Test
    void twoServersDownFailsFastNamingBoth() throws Exception {
        try (KeyServers user = three.client(PKI.proxy())) {
            user.register(ImageKey.generate(ID), List.of());
            three.stop(0);
            three.stop(2);
            long start = System.nanoTime();
            MdmException e = assertThrows(MdmException.class, () -> user.fetch(ID));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertTrue(ms < 5000, "took " + ms + " ms");
            assertEquals(Status.PEER_UNAVAILABLE, e.status());
            assertTrue(e.getMessage().contains(three.uris().get(0).toString()), e.getMessage());
            assertTrue(e.getMessage().contains(three.uris().get(2).toString()), e.getMessage());
            assertFalse(e.getMessage().contains(three.uris().get(1).toString()), e.getMessage());
        }
    }

    @Test
    void silentServersAreGivenUpWithinFiveSeconds() throws Exception {
        try (KeyServers user = three.client(PKI.proxy()); JunkServers junk = new JunkServers()) {
            user.register(ImageKey.generate(ID), List.of());
            List<URI> uris = List.of(three.uris().get(0), junk.blackHole(), junk.blackHole());
            try (KeyServers slow = three.client(org.mdm.security.Credentials.loadProxy(PKI.proxy()), uris)) {
                long start = System.nanoTime();
                MdmException e = assertThrows(MdmException.class, () -> slow.fetch(ID));
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertTrue(ms < 5000, "took " + ms + " ms");
                assertEquals(Status.PEER_UNAVAILABLE, e.status());
                assertTrue(e.getMessage().contains(uris.get(1).toString()), e.getMessage());
                assertTrue(e.getMessage().contains(uris.get(2).toString()), e.getMessage());
            }
        }
    }

    @Test
    void duplicateRegistrationIsRefusedAndOriginalKept() throws Exception {
        ImageKey original = ImageKey.generate(ID);
        try (KeyServers user = three.client(PKI.proxy())) {
            user.register(original, List.of());
            MdmException e = assertThrows(MdmException.class, () -> user.register(ImageKey.generate(ID), List.of()));
            assertEquals(Status.INVALID_REQUEST, e.status());
            assertTrue(e.getMessage().contains("already registered"), e.getMessage());
            assertArrayEquals(original.material(), user.fetch(ID).material());
        }
    }

    @Test
    void callerWithoutReadIsDeniedByEveryServer() throws Exception {
        try (KeyServers owner = three.client(PKI.proxy()); KeyServers other = three.hostClient()) {
            owner.register(ImageKey.generate(ID), List.of(AclEntry.vo("othervo", Right.READ)));
            MdmException e = assertThrows(MdmException.class, () -> other.fetch(ID));
            assertEquals(Status.AUTHORIZATION_FAILURE, e.status());
            for (URI u : three.uris()) {
                assertTrue(e.getMessage().contains(u + " (denied"), e.getMessage());
            }
            assertThrows(MdmException.class, () -> other.setAcl(ID, List.of(AclEntry.dn(PKI.hostDn(), Right.READ))));
        }
    }

    @Test
    void grantByDnLetsThatCallerFetch() throws Exception {
        ImageKey key = ImageKey.generate(ID);
        try (KeyServers owner = three.hostClient(); KeyServers user = three.client(PKI.proxy())) {
            owner.register(key, List.of());
            assertEquals(Status.AUTHORIZATION_FAILURE, assertThrows(MdmException.class, () -> user.fetch(ID)).status());
            owner.setAcl(ID, List.of(AclEntry.dn(PKI.userDn(), Right.READ)));
            assertArrayEquals(key.material(), user.fetch(ID).material());
            Map<URI, AclDocument> acls = user.getAcl(ID);
            assertEquals(3, acls.size());
            acls.values().forEach(a -> assertEquals(PKI.hostDn(), a.owner()));
            acls.values().forEach(a -> assertEquals(List.of(AclEntry.dn(PKI.userDn(), Right.READ)), a.acl()));
        }
    }

    @Test
    void grantByVomsGroupLetsMembersFetch() throws Exception {
        ImageKey key = ImageKey.generate(ID);
        try (KeyServers owner = three.hostClient(); KeyServers member = three.client(PKI.vomsProxy());
                KeyServers plain = three.client(PKI.proxy())) {
            owner.register(key, List.of(AclEntry.group("/biomed/lab", Right.READ)));
            assertArrayEquals(key.material(), member.fetch(ID).material());
            // Same DN without the VOMS AC: not a member of anything.
            assertEquals(Status.AUTHORIZATION_FAILURE, assertThrows(MdmException.class, () -> plain.fetch(ID)).status());
            owner.setAcl(ID, List.of(AclEntry.group("/biomed/other", Right.READ)));
            assertEquals(Status.AUTHORIZATION_FAILURE, assertThrows(MdmException.class, () -> member.fetch(ID)).status());
        }
    }

    @Test
    void grantByVoLetsMembersFetch() throws Exception {
        ImageKey key = ImageKey.generate(ID);
        try (KeyServers owner = three.hostClient(); KeyServers member = three.client(PKI.vomsProxy())) {
            owner.register(key, List.of());
            assertEquals(Status.AUTHORIZATION_FAILURE, assertThrows(MdmException.class, () -> member.fetch(ID)).status());
            owner.setAcl(ID, List.of(AclEntry.vo(TestPki.VO, Right.READ)));
            assertArrayEquals(key.material(), member.fetch(ID).material());
        }
    }

    @Test
    void expiredProxyIsRefusedAtTheHandshake() throws Exception {
        assertRefusedAtHandshake(PKI.expiredProxy());
    }

    @Test
    void aProxyIsRefusedWithinASecondOfItsExpiry() throws Exception {
        // voms-proxy-fake starts a one-hour proxy 3594 s in the past: it expires in about 6 s.
        Path proxy = ProxyTools.vomsProxyFake(PKI, dir.resolve("x509up_short"), "-pastproxy", "3594", "-hours", "1");
        Instant notAfter = Credentials.loadProxy(proxy).chain()[0].getNotAfter().toInstant();
        try (KeyServers owner = three.client(PKI.proxy()); KeyServers user = three.client(proxy)) {
            ImageKey key = ImageKey.generate(ID);
            owner.register(key, List.of(AclEntry.vo(TestPki.VO, Right.READ)));
            assertArrayEquals(key.material(), user.fetch(ID).material());
        }
        assertTrue(Instant.now().isBefore(notAfter), "the fetch before expiry was in time");
        Thread.sleep(Math.max(0, notAfter.plusMillis(1000).toEpochMilli() - System.currentTimeMillis()));
        try (KeyServers late = three.client(proxy)) {
            MdmException e = assertThrows(MdmException.class, () -> late.fetch(ID));
            assertEquals(Status.PEER_UNAVAILABLE, e.status());
            assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
        }
    }

    @Test
    void aLegacyProxyIsRefusedAtTheHandshake() throws Exception {
        Path legacy = ProxyTools.gridProxyInit(PKI, dir.resolve("x509up_old"), "-old");
        try (KeyServers owner = three.client(PKI.proxy()); KeyServers bad = three.client(legacy)) {
            owner.register(ImageKey.generate(ID), List.of(AclEntry.vo(TestPki.VO, Right.READ)));
            MdmException e = assertThrows(MdmException.class, () -> bad.fetch(ID));
            assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
        }
    }

    @Test
    void proxyFromUnknownCaIsRefusedAtTheHandshake() throws Exception {
        assertRefusedAtHandshake(PKI.untrustedProxy());
    }

    private void assertRefusedAtHandshake(Path proxy) throws Exception {
        try (KeyServers owner = three.client(PKI.proxy()); KeyServers bad = three.client(proxy)) {
            owner.register(ImageKey.generate(ID), List.of(AclEntry.vo(TestPki.VO, Right.READ)));
            MdmException e = assertThrows(MdmException.class, () -> bad.fetch(ID));
            assertEquals(Status.PEER_UNAVAILABLE, e.status());
            for (URI u : three.uris()) {
                assertTrue(e.getMessage().contains(u + " (down: TLS handshake failed"), e.getMessage());
            }
            MdmException reg = assertThrows(MdmException.class, () -> bad.register(ImageKey.generate("other"), List.of()));
            assertTrue(reg.getMessage().contains("TLS handshake failed"), reg.getMessage());
            for (JdbcShareStore s : three.stores) {
                assertTrue(s.find("other").isEmpty());
            }
        }
    }

    @Test
    void garbageAnsweringServersCountAsDown() throws Exception {
        ImageKey key = ImageKey.generate(ID);
        try (KeyServers user = three.client(PKI.proxy()); JunkServers junk = new JunkServers()) {
            user.register(key, List.of());
            URI https = junk.httpsJunk(trust);
            URI plain = junk.plainJunk();
            var cred = org.mdm.security.Credentials.loadProxy(PKI.proxy());
            try (KeyServers oneBad = three.client(cred, List.of(three.uris().get(0), https, three.uris().get(2)))) {
                assertArrayEquals(key.material(), oneBad.fetch(ID).material());
            }
            try (KeyServers twoBad = three.client(cred, List.of(three.uris().get(0), https, plain))) {
                MdmException e = assertThrows(MdmException.class, () -> twoBad.fetch(ID));
                assertEquals(Status.PEER_UNAVAILABLE, e.status());
                assertTrue(e.getMessage().contains(https + " (down: garbage answer"), e.getMessage());
                assertTrue(e.getMessage().contains(plain + " (down: TLS handshake failed"), e.getMessage());
            }
        }
    }

    @Test
    void failedRegistrationRollsBackTheSharesWritten() throws Exception {
        StoredShare foreign = new StoredShare(ID, "/C=FR/O=MDM/CN=Someone Else", 3, new byte[32], List.of());
        assertTrue(three.stores.get(2).insert(foreign));
        try (KeyServers user = three.client(PKI.proxy())) {
            MdmException e = assertThrows(MdmException.class, () -> user.register(ImageKey.generate(ID), List.of()));
            assertEquals(Status.INVALID_REQUEST, e.status());
            assertTrue(e.getMessage().contains(three.uris().get(2) + " (conflict"), e.getMessage());
            assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
        }
        assertTrue(three.stores.get(0).find(ID).isEmpty());
        assertTrue(three.stores.get(1).find(ID).isEmpty());
        assertEquals(foreign.owner(), three.stores.get(2).find(ID).orElseThrow().owner());
    }

    @Test
    void serverHostNameIsChecked() throws Exception {
        try (KeyServers user = three.client(PKI.proxy())) {
            user.register(ImageKey.generate(ID), List.of());
        }
        // The host certificate names localhost only: 127.0.0.1 must not pass endpoint identification.
        List<URI> byIp = three.uris().stream().map(u -> URI.create("https://127.0.0.1:" + u.getPort())).toList();
        try (KeyServers user = three.client(org.mdm.security.Credentials.loadProxy(PKI.proxy()), byIp)) {
            MdmException e = assertThrows(MdmException.class, () -> user.fetch(ID));
            assertEquals(Status.PEER_UNAVAILABLE, e.status());
            assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
        }
    }

    @Test
    void fetchReturnsAsSoonAsKSharesArrive() throws Exception {
        ImageKey key = ImageKey.generate(ID);
        try (KeyServers user = three.client(PKI.proxy()); JunkServers junk = new JunkServers()) {
            user.register(key, List.of());
            List<URI> uris = List.of(three.uris().get(0), three.uris().get(1), junk.blackHole());
            try (KeyServers oneSilent = three.client(org.mdm.security.Credentials.loadProxy(PKI.proxy()), uris)) {
                long start = System.nanoTime();
                assertArrayEquals(key.material(), oneSilent.fetch(ID).material());
                long ms = (System.nanoTime() - start) / 1_000_000;
                // Well under the 2 s request timeout the silent server would cost if we waited for it.
                assertTrue(ms < 1500, "took " + ms + " ms");
            }
        }
    }
}
