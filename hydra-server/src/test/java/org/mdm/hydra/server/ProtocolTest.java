package org.mdm.hydra.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;
import org.mdm.security.TlsContexts;
import org.mdm.security.VomsAttributes;

/** The wire protocol of one server, spoken by hand: status codes and JSON error bodies. */
class ProtocolTest {
    private static GridTrust trust;
    private static VomsAttributes voms;

    @TempDir
    Path dir;
    private ThreeServers three;
    private HttpClient http;
    private URI base;

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

    @BeforeEach
    void start() throws Exception {
        three = new ThreeServers(dir, trust, voms);
        base = three.uris().get(0);
        http = HttpClient.newBuilder().sslContext(TlsContexts.client(
                Credentials.loadProxy(ThreeServers.PKI.proxy()), trust)).build();
    }

    @AfterEach
    void stop() throws Exception {
        three.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(base.resolve(path)).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void putGetAclDelete() throws Exception {
        String share = "{\"x\":1,\"share\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\","
                + "\"acl\":[{\"type\":\"vo\",\"name\":\"biomed\",\"rights\":[\"read\"]}]}";
        assertEquals(201, send("PUT", "/v1/keys/abc", share).statusCode());
        HttpResponse<String> dup = send("PUT", "/v1/keys/abc", share.replace("AAEC", "BBEC"));
        assertEquals(409, dup.statusCode());
        assertTrue(dup.body().contains("\"status\":\"INVALID_REQUEST\""), dup.body());
        HttpResponse<String> got = send("GET", "/v1/keys/abc", null);
        assertEquals(200, got.statusCode());
        assertEquals("{\"x\":1,\"share\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\"}", got.body());
        HttpResponse<String> acl = send("GET", "/v1/keys/abc/acl", null);
        assertEquals("{\"owner\":\"" + ThreeServers.PKI.userDn()
                + "\",\"acl\":[{\"type\":\"vo\",\"name\":\"biomed\",\"rights\":[\"read\"]}]}", acl.body());
        assertEquals(204, send("PUT", "/v1/keys/abc/acl", "{\"acl\":[]}").statusCode());
        assertEquals(204, send("DELETE", "/v1/keys/abc", null).statusCode());
        HttpResponse<String> gone = send("GET", "/v1/keys/abc", null);
        assertEquals(404, gone.statusCode());
        assertTrue(gone.body().contains("\"status\":\"NOT_FOUND\""), gone.body());
    }

    @Test
    void badInputIsRefusedWith400() throws Exception {
        assertEquals(400, send("GET", "/v1/keys/" + "a".repeat(129), null).statusCode());
        assertEquals(400, send("GET", "/v1/keys/a%2Fb", null).statusCode());
        HttpResponse<String> junk = send("PUT", "/v1/keys/abc", "{\"x\":1,\"share\":\"SECRETJUNK\"");
        assertEquals(400, junk.statusCode());
        assertTrue(!junk.body().contains("SECRETJUNK"), "the error echoes the input: " + junk.body());
        assertEquals(400, send("PUT", "/v1/keys/abc", "{\"x\":0,\"share\":\"AAAA\"}").statusCode());
        assertEquals(400, send("PUT", "/v1/keys/abc", "{\"x\":1,\"share\":\"AAAA\",\"acl\":[{\"type\":\"vo\","
                + "\"name\":\"/x\",\"rights\":[\"read\"]}]}").statusCode());
        HttpResponse<String> big = send("PUT", "/v1/keys/abc", "{\"x\":1,\"share\":\"" + "A".repeat(70_000) + "\"}");
        assertEquals(400, big.statusCode());
        assertTrue(big.body().contains("larger than"), big.body());
        assertEquals(404, send("GET", "/v1/other", null).statusCode());
    }

    private static final String SHARE = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private static String entry(String id) {
        return "{\"id\":\"" + id + "\",\"x\":1,\"share\":\"" + SHARE + "\"}";
    }

    @Test
    void batchesAnswerEachKeyWithItsOwnStatus() throws Exception {
        assertEquals(201, send("PUT", "/v1/keys/old", "{\"x\":1,\"share\":\"" + SHARE + "\"}").statusCode());
        HttpResponse<String> put = send("POST", "/v1/batch/put", "{\"keys\":[" + entry("a") + "," + entry("old") + ","
                + entry("b") + "]}");
        assertEquals(200, put.statusCode(), put.body());
        assertTrue(put.body().startsWith("{\"results\":[{\"id\":\"a\",\"status\":201},{\"id\":\"old\",\"status\":409,"
                + "\"error\":{\"status\":\"INVALID_REQUEST\""), put.body());
        assertTrue(put.body().endsWith("{\"id\":\"b\",\"status\":201}]}"), put.body());
        HttpResponse<String> get = send("POST", "/v1/batch/get", "{\"ids\":[\"b\",\"nope\",\"a\"]}");
        assertEquals(200, get.statusCode());
        assertTrue(get.body().startsWith("{\"results\":[{\"id\":\"b\",\"status\":200,\"x\":1,\"share\":\"" + SHARE
                + "\"},{\"id\":\"nope\",\"status\":404,\"error\":{\"status\":\"NOT_FOUND\""), get.body());
        HttpResponse<String> delete = send("POST", "/v1/batch/delete", "{\"ids\":[\"a\",\"nope\"]}");
        assertTrue(delete.body().startsWith("{\"results\":[{\"id\":\"a\",\"status\":204},{\"id\":\"nope\",\"status\":404"),
                delete.body());
        assertEquals(404, send("GET", "/v1/keys/a", null).statusCode());
        assertEquals(405, send("GET", "/v1/batch/get", null).statusCode());
    }

    @Test
    void aMalformedOrOversizedBatchIsRefusedWholeWith400() throws Exception {
        String good = entry("fine");
        java.util.List<String> bad = java.util.List.of(
                "{\"keys\":[" + good + ",{\"id\":\"x\",\"x\":1,\"share\":\"SECRETJUNK" + "\"]}",
                "{\"keys\":[]}",
                "{}",
                "{\"keys\":[" + good + "," + good + "]}",
                "{\"keys\":[" + good + "," + entry("a%2Fb") + "]}",
                "{\"keys\":[" + good + ",{\"id\":\"y\",\"x\":0,\"share\":\"" + SHARE + "\"}]}",
                "{\"keys\":[" + good + ",{\"id\":\"y\",\"x\":1,\"share\":\"" + SHARE + "\",\"acl\":[{\"type\":\"vo\","
                        + "\"name\":\"/x\",\"rights\":[\"read\"]}]}]}");
        for (String body : bad) {
            HttpResponse<String> r = send("POST", "/v1/batch/put", body);
            assertEquals(400, r.statusCode(), body + " -> " + r.body());
            assertTrue(!r.body().contains("SECRETJUNK"), "the error echoes the input: " + r.body());
        }
        StringBuilder many = new StringBuilder("{\"ids\":[");
        for (int i = 0; i <= org.mdm.hydra.protocol.BatchLimits.MAX_KEYS; i++) {
            many.append(i == 0 ? "" : ",").append("\"k").append(i).append('"');
        }
        HttpResponse<String> tooMany = send("POST", "/v1/batch/get", many.append("]}").toString());
        assertEquals(400, tooMany.statusCode());
        assertTrue(tooMany.body().contains("split larger batches"), tooMany.body());
        HttpResponse<String> huge = send("POST", "/v1/batch/get", "{\"ids\":[\"" + "a".repeat(1_100_000) + "\"]}");
        assertEquals(400, huge.statusCode());
        assertTrue(huge.body().contains("larger than"), huge.body());
        assertEquals(404, send("GET", "/v1/keys/fine", null).statusCode(), "nothing of a refused batch is stored");
    }

    private static String aclEntry(String id, String acl) {
        return "{\"id\":\"" + id + "\",\"acl\":" + acl + "}";
    }

    private static final String READERS = "[{\"type\":\"group\",\"name\":\"/biomed/lab/Role=doctor\",\"rights\":[\"read\"]}]";

    @Test
    void aBatchAclChangeAnswersThePreviousAclsOrChangesNothing() throws Exception {
        String vo = "[{\"type\":\"vo\",\"name\":\"biomed\",\"rights\":[\"read\"]}]";
        for (String id : java.util.List.of("a", "b")) {
            assertEquals(201, send("PUT", "/v1/keys/" + id, "{\"x\":1,\"share\":\"" + SHARE + "\",\"acl\":" + vo + "}")
                    .statusCode());
        }
        assertTrue(three.stores.get(0).insert(new StoredShare("theirs", "/C=FR/CN=Someone Else", 1, new byte[32],
                java.util.List.of())));
        HttpResponse<String> refused = send("POST", "/v1/batch/acl", "{\"keys\":[" + aclEntry("a", READERS) + ","
                + aclEntry("theirs", READERS) + "," + aclEntry("gone", READERS) + "," + aclEntry("b", "[]") + "]}");
        assertEquals(200, refused.statusCode(), refused.body());
        String notChanged = "{\"id\":\"a\",\"status\":424,\"error\":{\"status\":\"CANCELLED\",\"message\":\"ACL of"
                + " key a not changed: key theirs and 1 more of the same batch failed, and a batch ACL change is all or"
                + " nothing\"}}";
        assertTrue(refused.body().startsWith("{\"results\":[" + notChanged + ",{\"id\":\"theirs\",\"status\":403,"
                + "\"error\":{\"status\":\"AUTHORIZATION_FAILURE\",\"message\":\"" + ThreeServers.PKI.userDn()
                + " may not set the ACL of key theirs: ask its owner for a grant\"}},{\"id\":\"gone\",\"status\":404,"
                + "\"error\":{\"status\":\"NOT_FOUND\",\"message\":\"no key gone on this server\"}},{\"id\":\"b\","
                + "\"status\":424,"), refused.body());
        assertEquals("{\"owner\":\"" + ThreeServers.PKI.userDn() + "\",\"acl\":" + vo + "}",
                send("GET", "/v1/keys/b/acl", null).body(), "nothing of the refused batch was changed");
        HttpResponse<String> done = send("POST", "/v1/batch/acl", "{\"keys\":[" + aclEntry("b", "[]") + ","
                + aclEntry("a", READERS) + "]}");
        assertEquals("{\"results\":[{\"id\":\"b\",\"status\":200,\"previous\":{\"owner\":\"" + ThreeServers.PKI.userDn()
                + "\",\"acl\":" + vo + "}},{\"id\":\"a\",\"status\":200,\"previous\":{\"owner\":\""
                + ThreeServers.PKI.userDn() + "\",\"acl\":" + vo + "}}]}", done.body());
        assertEquals("{\"owner\":\"" + ThreeServers.PKI.userDn() + "\",\"acl\":" + READERS + "}",
                send("GET", "/v1/keys/a/acl", null).body());
        assertEquals(2, three.requests(0, "POST /v1/batch/acl"));
        assertEquals(405, send("PUT", "/v1/batch/acl", "{}").statusCode());
    }

    @Test
    void aMalformedBatchAclChangeIsRefusedWholeWith400() throws Exception {
        assertEquals(201, send("PUT", "/v1/keys/mine", "{\"x\":1,\"share\":\"" + SHARE + "\"}").statusCode());
        String good = aclEntry("mine", READERS);
        java.util.List<String> bad = java.util.List.of(
                "{\"keys\":[]}",
                "{}",
                "{\"keys\":[" + good + "," + good + "]}",
                "{\"keys\":[" + good + "," + aclEntry("a%2Fb", "[]") + "]}",
                "{\"keys\":[" + good + ",{\"id\":\"mine2\"}]}",
                "{\"keys\":[" + good + ",null]}",
                "{\"keys\":[" + good + "," + aclEntry("x", "[null]") + "]}",
                "{\"keys\":[" + good + "," + aclEntry("x", READERS.replace("doctor", "NULL")) + "]}",
                "{\"keys\":[" + good + "," + aclEntry("x", READERS.replace("doctor", "doctor/Capability=NULL")) + "]}",
                "{\"keys\":[" + good + "," + aclEntry("x", "[{\"type\":\"vo\",\"name\":\"biomed\",\"rights\":[]}]")
                        + "]}");
        for (String body : bad) {
            HttpResponse<String> r = send("POST", "/v1/batch/acl", body);
            assertEquals(400, r.statusCode(), body + " -> " + r.body());
            assertTrue(r.body().contains("\"status\":\"INVALID_REQUEST\""), r.body());
        }
        HttpResponse<String> noAcl = send("POST", "/v1/batch/acl", "{\"keys\":[" + good + ",{\"id\":\"mine2\"}]}");
        assertTrue(noAcl.body().contains("batch entry 1 (key mine2): no acl list (send [] to remove every grant);"
                + " nothing was changed"), noAcl.body());
        StringBuilder many = new StringBuilder("{\"keys\":[");
        for (int i = 0; i <= org.mdm.hydra.protocol.BatchLimits.MAX_KEYS; i++) {
            many.append(i == 0 ? "" : ",").append(aclEntry("k" + i, "[]"));
        }
        HttpResponse<String> tooMany = send("POST", "/v1/batch/acl", many.append("]}").toString());
        assertEquals(400, tooMany.statusCode());
        assertTrue(tooMany.body().contains("split larger batches"), tooMany.body());
        assertEquals("{\"owner\":\"" + ThreeServers.PKI.userDn() + "\",\"acl\":[]}",
                send("GET", "/v1/keys/mine/acl", null).body(), "nothing of a refused batch is changed");
    }
}
