package org.mdm.security.gsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.TlsContexts;
import org.mdm.security.testpki.TestPki;

/** The D flag, the PKCS#10 request and the signed proxy, all as tokens over a GSI context. */
class DelegationTest {
    private static final TestPki PKI = TestPki.shared();
    private static GridTrust trust;
    private static SSLContext server;
    private static GridCredential userProxy;

    @BeforeAll
    static void open() throws Exception {
        trust = GridTrust.fromDirectory(PKI.certDir());
        server = TlsContexts.server(Credentials.load(PKI.hostCert(), PKI.hostKey()), trust);
        userProxy = Credentials.loadProxy(PKI.proxy());
    }

    @AfterAll
    static void close() {
        trust.close();
    }

    private static GsiContext[] established(SSLContext client) throws MdmException {
        GsiContext acceptor = GsiContext.acceptor(server, "TLSv1.2");
        GsiContext initiator = GsiContext.initiator(client, "localhost", 2811, "TLSv1.2");
        GsiContextTest.handshake(initiator, acceptor);
        assertTrue(initiator.isEstablished() && acceptor.isEstablished());
        return new GsiContext[] {initiator, acceptor};
    }

    @Test
    void theDoorGetsAProxyOfTheUsersThatItsTrustAcceptsAndCanUse() throws Exception {
        GsiContext[] c = established(TlsContexts.client(userProxy, trust));
        GsiContext client = c[0];
        GsiContext door = c[1];
        assertArrayEquals(new byte[] {'D'}, door.unwrap(client.wrap(new byte[] {'D'})));
        Delegation delegation = Delegation.start();
        byte[] request = client.unwrap(door.wrap(delegation.request()));
        byte[] signed = door.unwrap(client.wrap(Delegation.sign(request, userProxy)));
        GridCredential delegated = delegation.accept(signed, door.peerChain(), trust);

        assertEquals(door.peerChain().length + 1, delegated.chain().length);
        assertTrue(GridTrust.dn(delegated.certificate()).startsWith(GridTrust.dn(userProxy.certificate()) + "/CN="),
                GridTrust.dn(delegated.certificate()));
        assertTrue(delegated.certificate().getNotAfter().compareTo(userProxy.certificate().getNotAfter()) <= 0,
                "never outlives the proxy it came from");
        // The delegated credential authenticates as the user on a new channel (DCAU A).
        GsiContext[] second = established(TlsContexts.client(delegated, trust));
        assertTrue(java.util.Arrays.stream(second[1].peerChain()).anyMatch(x -> GridTrust.dn(x).equals(PKI.userDn())));
    }

    @Test
    void anAnswerForAnotherKeyOrNotACertificateIsRefused() throws Exception {
        Delegation ours = Delegation.start();
        byte[] othersRequest = Delegation.start().request();
        byte[] signedForOthers = Delegation.sign(othersRequest, userProxy);
        GsiContext[] c = established(TlsContexts.client(userProxy, trust));
        MdmException wrongKey = assertThrows(MdmException.class,
                () -> ours.accept(signedForOthers, c[1].peerChain(), trust));
        assertEquals(Status.AUTHORIZATION_FAILURE, wrongKey.status());
        assertTrue(wrongKey.getMessage().contains("not for the key"), wrongKey.getMessage());
        MdmException junk = assertThrows(MdmException.class,
                () -> ours.accept("0".getBytes(), c[1].peerChain(), trust));
        assertEquals(Status.AUTHORIZATION_FAILURE, junk.status());
    }

    @Test
    void aProxySignedByAnUntrustedCredentialIsRefusedByTheTrust() throws Exception {
        Delegation ours = Delegation.start();
        GridCredential mallory = Credentials.loadProxy(PKI.untrustedProxy());
        byte[] signed = Delegation.sign(ours.request(), mallory);
        MdmException e = assertThrows(MdmException.class, () -> ours.accept(signed, mallory.chain(), trust));
        assertEquals(Status.AUTHORIZATION_FAILURE, e.status());
        assertTrue(e.getMessage().startsWith("Delegation refused"), e.getMessage());
    }
}
