package org.mdm.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mdm.api.GridPrincipal;
import org.mdm.security.testpki.TestPki;

/** Real JSSE handshakes on loopback between contexts made by {@link TlsContexts}. */
class TlsContextsTest {

    private static final TestPki PKI = TestPki.shared();
    private static GridTrust trust;
    private static VomsAttributes voms;
    private static SSLContext server;

    @BeforeAll
    static void open() throws Exception {
        trust = GridTrust.fromDirectory(PKI.certDir());
        voms = VomsAttributes.create(PKI.vomsDir(), trust);
        server = TlsContexts.server(Credentials.load(PKI.hostCert(), PKI.hostKey()), trust);
    }

    @AfterAll
    static void close() {
        voms.close();
        trust.close();
    }

    /** Runs one handshake; returns what the server saw (the principal) or its failure. */
    private static CompletableFuture<GridPrincipal> handshake(Path clientProxy) throws Exception {
        SSLContext client = TlsContexts.client(Credentials.loadProxy(clientProxy), trust);
        PrincipalExtractor extractor = new PrincipalExtractor(voms);
        SSLServerSocket listener = TlsContexts.serverSocket(server, InetAddress.getLoopbackAddress(), 0);
        CompletableFuture<GridPrincipal> seen = CompletableFuture.supplyAsync(() -> {
            try (listener; SSLSocket s = (SSLSocket) listener.accept()) {
                s.setSoTimeout(10_000);
                s.startHandshake();
                GridPrincipal p = extractor.principal(s.getSession());
                s.getOutputStream().write(1);
                s.getOutputStream().flush();
                return p;
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket("localhost", listener.getLocalPort())) {
            c.setSoTimeout(10_000);
            c.startHandshake();
            assertEquals(PKI.hostDn(), GridTrust.dn((java.security.cert.X509Certificate) c.getSession()
                    .getPeerCertificates()[0]));
            c.getInputStream().read(); // TLS 1.3: a refused client certificate shows up here
        } catch (IOException expectedWhenRefused) {
            // the server's verdict is what the tests assert
        }
        return seen;
    }

    @Test
    void vomsProxyHandshakeGivesServerTheGridPrincipal() throws Exception {
        assertEquals(new GridPrincipal(PKI.userDn(), TestPki.FQANS),
                handshake(PKI.vomsProxy()).get(30, TimeUnit.SECONDS));
    }

    @Test
    void plainProxyHandshakeGivesDnOnly() throws Exception {
        assertEquals(new GridPrincipal(PKI.userDn(), List.of()), handshake(PKI.proxy()).get(30, TimeUnit.SECONDS));
    }

    @Test
    void expiredProxyIsRefusedAtTheHandshake() throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> handshake(PKI.expiredProxy()).get(30, TimeUnit.SECONDS));
        assertTrue(chainMessages(e).toLowerCase().contains("expired"), chainMessages(e));
    }

    @Test
    void proxyFromUnknownCaIsRefusedAtTheHandshake() throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> handshake(PKI.untrustedProxy()).get(30, TimeUnit.SECONDS));
        assertTrue(chainMessages(e).contains("certificate chain of " + PKI.untrustedUserDn()), chainMessages(e));
        assertTrue(chainMessages(e).contains("No trusted CA"), chainMessages(e));
    }

    @Test
    void clientRefusesServerFromUnknownCa() throws Exception {
        SSLContext rogueServer = TlsContexts.server(Credentials.loadProxy(PKI.untrustedProxy()), trust);
        SSLContext client = TlsContexts.client(Credentials.loadProxy(PKI.proxy()), trust);
        try (SSLServerSocket listener = TlsContexts.serverSocket(rogueServer, InetAddress.getLoopbackAddress(), 0)) {
            CompletableFuture<Void> accept = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) listener.accept()) {
                    s.setSoTimeout(10_000);
                    s.startHandshake();
                } catch (IOException expected) {
                    // the client aborts
                }
            });
            try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket("localhost", listener.getLocalPort())) {
                c.setSoTimeout(10_000);
                javax.net.ssl.SSLHandshakeException e = assertThrows(javax.net.ssl.SSLHandshakeException.class,
                        c::startHandshake);
                assertTrue(e.getMessage().contains(PKI.untrustedUserDn()), e.getMessage());
            }
            accept.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void serverEngineRequiresClientCertificate() {
        SSLEngine e = TlsContexts.serverEngine(server);
        assertTrue(e.getNeedClientAuth());
        assertTrue(!e.getUseClientMode());
    }

    private static String chainMessages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c).append(" <- ");
        }
        return sb.toString();
    }
}
