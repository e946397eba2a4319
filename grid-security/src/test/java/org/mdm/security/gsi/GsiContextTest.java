package org.mdm.security.gsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;
import org.mdm.security.TlsContexts;
import org.mdm.security.testpki.TestPki;

/**
 * Our GSI initiator against our GSI acceptor, tokens passed by hand as an FTP control channel
 * passes ADAT payloads (the real Globus clients are the door's tests, issue 4).
 */
class GsiContextTest {
    private static final TestPki PKI = TestPki.shared();
    private static GridTrust trust;
    private static SSLContext server;
    private static SSLContext user;

    @BeforeAll
    static void open() throws Exception {
        trust = GridTrust.fromDirectory(PKI.certDir());
        server = TlsContexts.server(Credentials.load(PKI.hostCert(), PKI.hostKey()), trust);
        user = TlsContexts.client(Credentials.loadProxy(PKI.proxy()), trust);
    }

    @AfterAll
    static void close() {
        trust.close();
    }

    /** Runs the token exchange to completion; returns the number of acceptor steps. */
    static int handshake(GsiContext client, GsiContext acceptor) throws MdmException {
        byte[] token = client.step(null);
        int rounds = 0;
        while (!(client.isEstablished() && acceptor.isEstablished()) || token.length > 0) {
            assertTrue(++rounds < 10, "handshake did not converge");
            byte[] back = acceptor.step(token);
            token = back.length > 0 || !client.isEstablished() ? client.step(back) : new byte[0];
        }
        return rounds;
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void handshakeThenDataBothWaysAsTokens(String protocol) throws Exception {
        GsiContext acceptor = GsiContext.acceptor(server, protocol);
        GsiContext client = GsiContext.initiator(user, "localhost", 2811, protocol);
        handshake(client, acceptor);
        assertEquals(protocol, acceptor.protocol());
        java.security.cert.X509Certificate[] chain = acceptor.peerChain();
        assertTrue(GridTrust.dn(chain[0]).startsWith(PKI.userDn() + "/CN="), "the proxy comes first");
        assertTrue(java.util.Arrays.stream(chain).anyMatch(c -> GridTrust.dn(c).equals(PKI.userDn())),
                "then the user's certificate");
        assertEquals(PKI.hostDn(), GridTrust.dn(client.peerChain()[0]));

        byte[] command = "RETR /dpm/example.org/home/biomed/mdm/1.2/3.4/5.6\r\n".getBytes();
        assertArrayEquals(command, acceptor.unwrap(client.wrap(command)));
        byte[] big = new byte[100_000]; // several TLS records in one token
        new Random(3).nextBytes(big);
        assertArrayEquals(big, client.unwrap(acceptor.wrap(big)));
    }

    @Test
    void theDelegationFlagInTheLastHandshakeTokenIsKeptAndTheTicketIsFlushed() throws Exception {
        GsiContext acceptor = GsiContext.acceptor(server, "TLSv1.3");
        GsiContext client = GsiContext.initiator(user, "localhost", 2811, "TLSv1.3");
        byte[] serverFlight = acceptor.step(client.step(null));
        byte[] clientFlight = client.step(serverFlight);
        assertTrue(client.isEstablished() && !acceptor.isEstablished());
        byte[] flag = client.wrap(new byte[] {'D'});
        byte[] oneToken = java.util.Arrays.copyOf(clientFlight, clientFlight.length + flag.length);
        System.arraycopy(flag, 0, oneToken, clientFlight.length, flag.length);
        byte[] ticket = acceptor.step(oneToken);
        assertTrue(acceptor.isEstablished());
        assertArrayEquals(new byte[] {'D'}, acceptor.takeApplicationData(), "the flag that came with the handshake");
        assertArrayEquals(new byte[0], acceptor.takeApplicationData(), "handed out once");
        assertTrue(ticket.length > 0, "the NewSessionTicket Globus clients wait for is in the answer");
        assertArrayEquals(new byte[0], client.unwrap(ticket));
    }

    @Test
    void anUntrustedProxyIsRefusedDuringTheHandshake() throws Exception {
        SSLContext mallory = TlsContexts.client(Credentials.loadProxy(PKI.untrustedProxy()), trust);
        GsiContext acceptor = GsiContext.acceptor(server, "TLSv1.2");
        GsiContext client = GsiContext.initiator(mallory, "localhost", 2811, "TLSv1.2");
        MdmException e = assertThrows(MdmException.class, () -> handshake(client, acceptor));
        assertEquals(Status.AUTHORIZATION_FAILURE, e.status());
        assertTrue(e.getMessage().startsWith("GSI handshake failed"), e.getMessage());
    }

    @Test
    void anExpiredProxyIsRefusedDuringTheHandshake() throws Exception {
        SSLContext expired = TlsContexts.client(Credentials.loadProxy(PKI.expiredProxy()), trust);
        GsiContext acceptor = GsiContext.acceptor(server, "TLSv1.2");
        GsiContext client = GsiContext.initiator(expired, "localhost", 2811, "TLSv1.2");
        assertEquals(Status.AUTHORIZATION_FAILURE,
                assertThrows(MdmException.class, () -> handshake(client, acceptor)).status());
    }

    @Test
    void dataBeforeTheHandshakeIsRefused() throws Exception {
        GsiContext acceptor = GsiContext.acceptor(server);
        assertEquals(Status.INVALID_REQUEST, assertThrows(MdmException.class, () -> acceptor.wrap(new byte[1])).status());
        assertEquals(Status.INVALID_REQUEST, assertThrows(MdmException.class, () -> acceptor.unwrap(new byte[1])).status());
    }

    @Test
    void garbageInsteadOfAHandshakeTokenIsAClearFailure() throws Exception {
        GsiContext acceptor = GsiContext.acceptor(server);
        MdmException e = assertThrows(MdmException.class,
                () -> acceptor.step("USER anonymous\r\n".getBytes()));
        assertEquals(Status.AUTHORIZATION_FAILURE, e.status());
    }
}
