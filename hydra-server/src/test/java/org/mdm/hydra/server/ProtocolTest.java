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
}
