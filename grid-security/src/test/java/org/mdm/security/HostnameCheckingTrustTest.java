package org.mdm.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mdm.security.testpki.TestPki;

/**
 * The client-side host-name check of {@link TlsContexts#client}: real JSSE handshakes on
 * loopback against a {@link TlsContexts#server} whose host certificate names only localhost
 * (SAN DNS:localhost, CN=localhost).
 */
class HostnameCheckingTrustTest {

    private static final TestPki PKI = TestPki.shared();
    private static GridTrust trust;
    private static SSLContext server;
    private static SSLContext client;

    @BeforeAll
    static void open() throws Exception {
        trust = GridTrust.fromDirectory(PKI.certDir());
        server = TlsContexts.server(Credentials.load(PKI.hostCert(), PKI.hostKey()), trust);
        client = TlsContexts.client(Credentials.loadProxy(PKI.proxy()), trust);
    }

    @AfterAll
    static void close() {
        trust.close();
    }

    /**
     * A loopback server: handshakes every connection and answers one HTTP request on each with
     * 204. It keeps accepting because java.net.http.HttpClient may retry a GET on a fresh
     * connection when it sees the server close first (a one-connection server then leaves the
     * retry hanging in its handshake until the connect timeout).
     */
    private static final class LoopbackServer implements AutoCloseable {
        final SSLServerSocket listener;
        final CompletableFuture<Void> done;

        LoopbackServer() throws Exception {
            listener = TlsContexts.serverSocket(server, InetAddress.getLoopbackAddress(), 0);
            done = CompletableFuture.runAsync(() -> {
                while (!listener.isClosed()) {
                    try {
                        SSLSocket s = (SSLSocket) listener.accept();
                        new Thread(() -> answer(s), "hostname-test-conn").start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private static void answer(SSLSocket socket) {
            try (SSLSocket s = socket) {
                s.setSoTimeout(10_000);
                s.startHandshake();
                InputStream in = s.getInputStream();
                int matched = 0;
                for (int b; matched < 4 && (b = in.read()) >= 0; ) {
                    matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                s.getOutputStream().write("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
            } catch (IOException refusedOrClosed) {
                // the client's verdict is what the tests assert
            }
        }

        int port() {
            return listener.getLocalPort();
        }

        @Override
        public void close() throws IOException, ExecutionException, TimeoutException {
            listener.close();
            try {
                done.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the loopback server stopped", e);
            }
        }
    }

    private static SSLSocket socket(String host, int port, boolean identify) throws IOException {
        SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket(host, port);
        c.setSoTimeout(10_000);
        if (identify) {
            SSLParameters p = c.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            c.setSSLParameters(p);
        }
        return c;
    }

    @Test
    void clientConnectingTo127001IsRefusedWhenTheCertificateNamesOnlyLocalhost() throws Exception {
        try (LoopbackServer s = new LoopbackServer(); SSLSocket c = socket("127.0.0.1", s.port(), true)) {
            SSLHandshakeException e = assertThrows(SSLHandshakeException.class, c::startHandshake);
            assertTrue(e.getMessage().contains("does not name host 127.0.0.1"), e.getMessage());
        }
    }

    @Test
    void clientConnectingToLocalhostIsAccepted() throws Exception {
        try (LoopbackServer s = new LoopbackServer(); SSLSocket c = socket("localhost", s.port(), true)) {
            c.startHandshake();
            assertEquals(PKI.hostDn(), GridTrust.dn((java.security.cert.X509Certificate) c.getSession()
                    .getPeerCertificates()[0]));
            c.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            c.getOutputStream().flush();
            assertTrue(c.getInputStream().read() >= 0);
        }
    }

    @Test
    void withoutEndpointIdentificationOnlyTheChainIsChecked() throws Exception {
        try (LoopbackServer s = new LoopbackServer(); SSLSocket c = socket("127.0.0.1", s.port(), false)) {
            c.startHandshake();
            assertEquals(PKI.hostDn(), GridTrust.dn((java.security.cert.X509Certificate) c.getSession()
                    .getPeerCertificates()[0]));
            c.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            c.getOutputStream().flush();
            assertTrue(c.getInputStream().read() >= 0);
        }
    }

    /** The SSLEngine path, as java.net.http.HttpClient (and so the Hydra key-server client) uses it. */
    @Test
    void httpClientChecksTheHostNameThroughTheEngine() throws Exception {
        SSLParameters params = client.getDefaultSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        HttpClient http = HttpClient.newBuilder().sslContext(client).sslParameters(params)
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
        try (LoopbackServer s = new LoopbackServer()) {
            HttpRequest r = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + s.port() + "/")).build();
            IOException e = assertThrows(IOException.class, () -> http.send(r, HttpResponse.BodyHandlers.discarding()));
            assertTrue(chainMessages(e).contains("does not name host 127.0.0.1"), chainMessages(e));
        }
        try (LoopbackServer s = new LoopbackServer()) {
            HttpRequest r = HttpRequest.newBuilder(URI.create("https://localhost:" + s.port() + "/")).build();
            assertEquals(204, http.send(r, HttpResponse.BodyHandlers.discarding()).statusCode());
        }
    }

    @Test
    void serverChainIsStillCheckedByGridTrust() throws Exception {
        SSLContext rogue = TlsContexts.server(Credentials.loadProxy(PKI.untrustedProxy()), trust);
        try (SSLServerSocket listener = TlsContexts.serverSocket(rogue, InetAddress.getLoopbackAddress(), 0)) {
            CompletableFuture<Void> accept = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                } catch (IOException expected) {
                    // the client aborts
                }
            });
            try (SSLSocket c = socket("localhost", listener.getLocalPort(), true)) {
                SSLHandshakeException e = assertThrows(SSLHandshakeException.class, c::startHandshake);
                assertTrue(e.getMessage().contains(PKI.untrustedUserDn()), e.getMessage());
            }
            accept.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void sanDnsAndIpNamesMatchAndCnOnlyWithoutSan() {
        var host = PKI.hostCertificate(); // SAN DNS:localhost
        assertDoesNotThrow(() -> HostnameCheckingTrust.checkHost(host, "localhost"));
        assertDoesNotThrow(() -> HostnameCheckingTrust.checkHost(host, "LocalHost"));
        CertificateException ip = assertThrows(CertificateException.class,
                () -> HostnameCheckingTrust.checkHost(host, "127.0.0.1"));
        assertTrue(ip.getMessage().contains("does not name host 127.0.0.1"), ip.getMessage());
        assertThrows(CertificateException.class, () -> HostnameCheckingTrust.checkHost(host, null));
        assertThrows(CertificateException.class, () -> HostnameCheckingTrust.checkHost(host, ""));
        var noSan = PKI.userCertificate(); // CN=Test User, no SAN: the CN is used
        assertDoesNotThrow(() -> HostnameCheckingTrust.checkHost(noSan, "test user"));
        CertificateException cn = assertThrows(CertificateException.class,
                () -> HostnameCheckingTrust.checkHost(noSan, "localhost"));
        assertTrue(cn.getMessage().contains("CN Test User"), cn.getMessage());
    }

    @Test
    void wildcardMatchesExactlyOneLeadingLabel() {
        assertTrue(HostnameCheckingTrust.dnsMatches("*.example.org", "keys.example.org"));
        assertFalse(HostnameCheckingTrust.dnsMatches("*.example.org", "a.keys.example.org"));
        assertFalse(HostnameCheckingTrust.dnsMatches("*.example.org", "example.org"));
        assertTrue(HostnameCheckingTrust.dnsMatches("keys.example.org", "keys.example.org"));
        assertFalse(HostnameCheckingTrust.dnsMatches("keys.example.org", "other.example.org"));
    }

    private static String chainMessages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append(" <- ");
        }
        return sb.toString();
    }
}
