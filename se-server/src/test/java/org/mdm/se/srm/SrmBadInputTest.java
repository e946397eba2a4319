package org.mdm.se.srm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mdm.se.srm.HttpgClient.fileRequests;
import static org.mdm.se.srm.HttpgClient.first;
import static org.mdm.se.srm.HttpgClient.soap;
import static org.mdm.se.srm.HttpgClient.surls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.se.gridftp.DoorFixture;
import org.mdm.se.gridftp.TrapBackend;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;
import org.mdm.security.gsi.Delegation;
import org.mdm.security.testpki.TestPki;

/**
 * What SRM clients should never send, and clients that go away: each gets a clear answer that
 * names what is wrong, and afterwards nothing is pinned and the door serves the next client.
 */
class SrmBadInputTest {
    static final TestPki PKI = DoorFixture.PKI;
    @TempDir
    static Path dir;
    static SrmFixture f;

    @BeforeAll
    static void start() throws Exception {
        // Short pins, so that what a client leaves pinned ends within the test.
        f = new SrmFixture(dir, List.of("dn:" + PKI.userDn(), "dn:" + PKI.hostDn()), s -> s.withLimits(
                new SrmLimits(64 * 1024, Duration.ofSeconds(2), Duration.ofSeconds(3), 100, 1000, 1000,
                        Duration.ofMinutes(10), Duration.ZERO)));
        f.file("a.dcm", 100_000);
        f.file("secret.dcm", 1000, Set.of());
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @AfterEach
    void nothingLeftPinned() throws Exception {
        f.awaitUnpinned();
    }

    static HttpgClient user() throws Exception {
        return new HttpgClient(f.srm.port(), PKI.proxy(), f.se.trust);
    }

    static String surl(String name) {
        return f.surl(SrmFixture.NS + "/" + name);
    }

    @Test
    void aDelegatingClientIsServedAndABadDelegationEndsTheConnection() throws Exception {
        GridCredential proxy = Credentials.loadProxy(PKI.proxy());
        try (HttpgClient c = HttpgClient.delegating(f.srm.port(), PKI.proxy(), f.se.trust,
                request -> Delegation.sign(request, proxy))) {
            assertEquals("v2.2", first(c.post(soap("srmPing", "")).body(), "versionInfo"), "served after 'D'");
            assertEquals("v2.2", first(c.post(soap("srmPing", "")).body(), "versionInfo"), "and kept alive");
        }
        try (HttpgClient c = HttpgClient.delegating(f.srm.port(), PKI.proxy(), f.se.trust,
                request -> new byte[] {0x30, 0x03, 0x02, 0x01, 0x00})) {
            IOException e = assertThrows(IOException.class, () -> c.post(soap("srmPing", "")));
            assertFalse(e instanceof java.net.SocketTimeoutException, "not a certificate: closed at once");
        }
        try (HttpgClient c = HttpgClient.delegating(f.srm.port(), PKI.proxy(), f.se.trust,
                request -> Delegation.sign(Delegation.start().request(), proxy))) {
            IOException e = assertThrows(IOException.class, () -> c.post(soap("srmPing", "")));
            assertFalse(e instanceof java.net.SocketTimeoutException, "a proxy for another key: closed at once");
        }
    }

    @Test
    void notXmlIsASoapFault() throws Exception {
        try (HttpgClient c = user()) {
            HttpgClient.Answer a = c.post("this is not XML at all");
            assertEquals(500, a.status());
            assertTrue(a.body().contains("Fault") && a.body().contains("not well-formed XML"), a.body());
            // the connection goes on
            assertEquals("v2.2", first(c.post(soap("srmPing", "")).body(), "versionInfo"));
        }
    }

    @Test
    void anExternalEntityIsNeverResolved() throws Exception {
        try (HttpgClient c = user()) {
            String body = "<?xml version=\"1.0\"?><!DOCTYPE e [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                    + soap("srmLs", surls("&x;")).substring("<?xml version=\"1.0\" encoding=\"UTF-8\"?>".length());
            HttpgClient.Answer a = c.post(body);
            assertEquals(500, a.status(), a.body());
            assertTrue(a.body().contains("Fault") && !a.body().contains("root:"), a.body());
        }
    }

    @Test
    void requestsPerClientAreBounded() throws Exception {
        int limit = 100;
        List<String> tokens = new java.util.ArrayList<>();
        try (HttpgClient c = user()) {
            String held = fileRequests(f.surl(DoorFixture.TRAP_MOUNT + "series/" + TrapBackend.HOLD));
            for (int i = 0; i < limit; i++) {
                tokens.add(first(c.post(soap("srmPrepareToGet", held)).body(), "requestToken"));
            }
            String over = c.post(soap("srmPrepareToGet", held)).body();
            assertEquals("SRM_INVALID_REQUEST", first(over, "statusCode"), over);
            assertTrue(over.contains("unfinished requests"), over);
            for (String t : tokens) {
                c.post(soap("srmAbortRequest", "<requestToken>" + t + "</requestToken>"));
            }
            String again = c.post(soap("srmPrepareToGet", held)).body();
            assertEquals("SRM_REQUEST_QUEUED", first(again, "statusCode"), "room again once aborted: " + again);
            c.post(soap("srmAbortRequest", "<requestToken>" + first(again, "requestToken") + "</requestToken>"));
        }
    }

    @Test
    void aHugeBodyIsRefusedBeforeItIsRead() throws Exception {
        try (HttpgClient c = user()) {
            HttpgClient.Answer a = c.post(new byte[70 * 1024]);
            assertEquals(413, a.status());
            assertTrue(a.body().contains("at most 65536"), a.body());
        }
    }

    @Test
    void aWrongNamespaceIsNamed() throws Exception {
        try (HttpgClient c = user()) {
            String body = soap("srmLs", surls(surl("a.dcm"))).replace("http://srm.lbl.gov/StorageResourceManager",
                    "http://example.org/not-srm");
            HttpgClient.Answer a = c.post(body);
            assertEquals(500, a.status());
            assertTrue(a.body().contains("http://example.org/not-srm")
                    && a.body().contains("SRM v2.2 operations are in"), a.body());
            HttpgClient.Answer notSoap = c.post("<a><b/></a>");
            assertTrue(notSoap.body().contains("not a SOAP 1.1 envelope"), notSoap.body());
        }
    }

    @Test
    void anUnknownOperationIsNotSupported() throws Exception {
        try (HttpgClient c = user()) {
            HttpgClient.Answer a = c.post(soap("srmFrobnicate", ""));
            assertEquals(200, a.status());
            assertEquals("SRM_NOT_SUPPORTED", first(a.body(), "statusCode"), a.body());
            assertTrue(a.body().contains("srmFrobnicateResponse"), a.body());
            assertEquals("SRM_NOT_SUPPORTED", first(c.post(soap("srmCopy", "")).body(), "statusCode"));
        }
    }

    @Test
    void missingFieldsAreNamed() throws Exception {
        try (HttpgClient c = user()) {
            String ls = c.post(soap("srmLs", "")).body();
            assertEquals("SRM_INVALID_REQUEST", first(ls, "statusCode"), ls);
            assertTrue(ls.contains("arrayOfSURLs is missing"), ls);
            String status = c.post(soap("srmStatusOfGetRequest", "")).body();
            assertEquals("SRM_INVALID_REQUEST", first(status, "statusCode"), status);
            assertTrue(status.contains("requestToken is missing"), status);
            String get = c.post(soap("srmPrepareToGet", "<arrayOfFileRequests><requestArray/></arrayOfFileRequests>"))
                    .body();
            assertTrue(get.contains("has no sourceSURL"), get);
            String levels = c.post(soap("srmLs", surls(surl("a.dcm")) + "<numOfLevels>many</numOfLevels>")).body();
            assertTrue(levels.contains("numOfLevels must be an integer"), levels);
        }
    }

    @Test
    void aBadTokenNamesNothing() throws Exception {
        try (HttpgClient c = user()) {
            String a = c.post(soap("srmStatusOfGetRequest", "<requestToken>nope</requestToken>")).body();
            assertEquals("SRM_INVALID_REQUEST", first(a, "statusCode"), a);
            assertTrue(a.contains("no get request of yours has token 'nope'"), a);
            String abort = c.post(soap("srmAbortRequest", "<requestToken>nope</requestToken>")).body();
            assertEquals("SRM_INVALID_REQUEST", first(abort, "statusCode"), abort);
        }
    }

    @Test
    void anotherUsersTokenIsNotTheirs() throws Exception {
        try (HttpgClient owner = user();
                HttpgClient other = new HttpgClient(f.srm.port(), Credentials.load(PKI.hostCert(), PKI.hostKey()),
                        f.se.trust)) {
            String token = first(owner.post(soap("srmPrepareToGet", fileRequests(surl("a.dcm"))
                    + "<desiredPinLifeTime>3</desiredPinLifeTime>")).body(), "requestToken");
            awaitFileStatus(owner, token, "SRM_FILE_PINNED");
            for (String op : new String[] {"srmStatusOfGetRequest", "srmAbortRequest", "srmReleaseFiles"}) {
                String a = other.post(soap(op, "<requestToken>" + token + "</requestToken>")).body();
                assertEquals("SRM_INVALID_REQUEST", first(a, "statusCode"), op + ": " + a);
                assertTrue(a.contains("of yours has token"), a);
            }
            assertEquals(1, f.srm.pinned(), "the owner's pin survives the other user's calls");
            String released = owner.post(soap("srmReleaseFiles", "<requestToken>" + token + "</requestToken>")).body();
            assertEquals("SRM_SUCCESS", first(released, "statusCode"), released);
        }
    }

    @Test
    void aSurlOutsideThisSeIsAnInvalidPath() throws Exception {
        try (HttpgClient c = user()) {
            String a = c.post(soap("srmLs", surls("srm://elsewhere.example.org:8446" + SrmFixture.NS + "/a.dcm")))
                    .body();
            assertEquals("SRM_INVALID_PATH", first(a, "statusCode"), a);
            assertTrue(a.contains("is not on this storage element"), a);
            String dots = c.post(soap("srmLs", surls(f.surl(SrmFixture.NS + "/../../etc/passwd")))).body();
            assertTrue(dots.contains("contains '..'"), dots);
            String scheme = c.post(soap("srmLs", surls("gsiftp://localhost/x"))).body();
            assertTrue(scheme.contains("is not an SRM URL"), scheme);
        }
    }

    @Test
    void aPathNotRegisteredIsAnInvalidPathAndPinsNothing() throws Exception {
        try (HttpgClient c = user()) {
            String ls = c.post(soap("srmLs", surls(surl("missing.dcm")))).body();
            assertEquals("SRM_INVALID_PATH", first(ls, "statusCode"), ls);
            String get = c.post(soap("srmPrepareToGet", fileRequests(surl("missing.dcm")))).body();
            assertEquals("SRM_INVALID_PATH", first(get, "statusCode"), get);
            assertTrue(get.contains("missing.dcm"), get);
        }
    }

    @Test
    void aUserWithoutReadGetsAnAuthorizationFailure() throws Exception {
        try (HttpgClient c = user()) {
            String get = c.post(soap("srmPrepareToGet", fileRequests(surl("secret.dcm")))).body();
            assertEquals("SRM_AUTHORIZATION_FAILURE", first(get, "statusCode"), get);
            String perm = c.post(soap("srmCheckPermission", surls(surl("a.dcm")))).body();
            assertEquals("R", first(perm, "permission"), perm);
        }
    }

    @Test
    void expiredAndUntrustedProxiesAreRefusedInTheHandshake() throws Exception {
        for (Path proxy : List.of(PKI.expiredProxy(), PKI.untrustedProxy(), PKI.outOfNamespaceProxy())) {
            // a handshake failure, or the reset of a connection the door dropped in its handshake
            assertThrows(IOException.class, () -> new HttpgClient(f.srm.port(), proxy, f.se.trust).post(
                    soap("srmPing", "")), proxy.getFileName().toString());
        }
        try (HttpgClient c = user()) {
            assertEquals("v2.2", first(c.post(soap("srmPing", "")).body(), "versionInfo"));
        }
    }

    @Test
    void aClientThatHangsUpDuringPrepareToGetLeavesNothingPinned() throws Exception {
        HttpgClient c = user();
        c.send(soap("srmPrepareToGet", fileRequests(surl("a.dcm"))).getBytes(StandardCharsets.UTF_8));
        c.close();
        // whatever was staged for it is unpinned: at once if the door saw it go, else when the pin ends
        f.awaitUnpinned();
    }

    @Test
    void aPinNeverReleasedExpires() throws Exception {
        try (HttpgClient c = user()) {
            String token = first(c.post(soap("srmPrepareToGet", fileRequests(surl("a.dcm"))
                    + "<desiredPinLifeTime>3</desiredPinLifeTime>")).body(), "requestToken");
            awaitFileStatus(c, token, "SRM_FILE_PINNED");
            f.awaitUnpinned();
            String after = statusOfGet(c, token);
            assertTrue(after.contains("SRM_RELEASED") && after.contains("pin expired"), after);
        }
    }

    @Test
    void anAbortDuringStagingStopsItAndPinsNothing() throws Exception {
        int cancelled = TrapBackend.CANCELLED.get();
        try (HttpgClient c = user()) {
            String token = first(c.post(soap("srmPrepareToGet", fileRequests(f.surl(DoorFixture.TRAP_MOUNT
                    + "series/" + TrapBackend.HOLD)))).body(), "requestToken");
            String running = statusOfGet(c, token);
            assertTrue(running.contains("SRM_REQUEST_INPROGRESS"), running);
            String abort = c.post(soap("srmAbortRequest", "<requestToken>" + token + "</requestToken>")).body();
            assertEquals("SRM_SUCCESS", first(abort, "statusCode"), abort);
            assertEquals("SRM_ABORTED", first(statusOfGet(c, token), "statusCode"));
        }
        assertEquals(cancelled + 1, TrapBackend.CANCELLED.get(), "the backend's staging was cancelled");
    }

    static String statusOfGet(HttpgClient c, String token) throws IOException {
        return c.post(soap("srmStatusOfGetRequest", "<requestToken>" + token + "</requestToken>")).body();
    }

    static void awaitFileStatus(HttpgClient c, String token, String code) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = statusOfGet(c, token);
            if (last.contains(code)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + code + " within 20 s: " + last);
    }
}
