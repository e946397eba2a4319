package org.mdm.security.gsi;

import eu.emi.security.authn.x509.proxy.ProxyGenerator;
import eu.emi.security.authn.x509.proxy.ProxyRequestOptions;
import eu.emi.security.authn.x509.proxy.ProxyType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;

/**
 * GSI delegation, after the client's {@code D} flag (PROTOCOLS.md): the accepting side sends a
 * DER PKCS#10 request for a fresh RSA-2048 key, the client returns the proxy certificate it
 * signed for it (only that certificate), and the acceptor appends the TLS peer chain, checks the
 * result with its trust and holds the delegated credential (the door uses it for DCAU A data
 * channels). The initiating side is here too, for our own outgoing channels and the tests.
 */
public final class Delegation {
    private final KeyPair keys;

    private Delegation(KeyPair keys) {
        this.keys = keys;
    }

    /** A fresh key pair for one delegation. */
    public static Delegation start() throws MdmException {
        return with(newKeyPair());
    }

    /**
     * A delegation on {@code fresh}, a key pair made ahead of time by {@link #newKeyPair()} and
     * never used before (an acceptor may keep a few ready: making one takes 20-400 ms).
     */
    public static Delegation with(KeyPair fresh) {
        return new Delegation(fresh);
    }

    /** A new RSA-2048 key pair for one delegation. */
    public static KeyPair newKeyPair() throws MdmException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new MdmException(Status.INTERNAL_ERROR, "RSA key generation is unavailable: " + e.getMessage(), e);
        }
    }

    /** The DER PKCS#10 request to wrap and send to the delegating client. */
    public byte[] request() throws MdmException {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=proxy"), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())).getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new MdmException(Status.INTERNAL_ERROR, "Cannot build the delegation request: " + e.getMessage(), e);
        }
    }

    /**
     * The delegated credential from the client's answer: its signed proxy certificate (the first
     * certificate in {@code answer}) on top of {@code peerChain}, checked by {@code trust}.
     *
     * @throws MdmException AUTHORIZATION_FAILURE if the answer is not a valid proxy for our key
     */
    public GridCredential accept(byte[] answer, X509Certificate[] peerChain, GridTrust trust) throws MdmException {
        X509Certificate proxy;
        try {
            proxy = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(answer));
        } catch (CertificateException e) {
            throw refused("the answer is not a certificate (" + e.getMessage() + ")");
        }
        if (!Arrays.equals(proxy.getPublicKey().getEncoded(), keys.getPublic().getEncoded())) {
            throw refused("the certificate is not for the key we asked to be signed");
        }
        X509Certificate[] chain = new X509Certificate[peerChain.length + 1];
        chain[0] = proxy;
        System.arraycopy(peerChain, 0, chain, 1, peerChain.length);
        try {
            trust.validate(chain);
        } catch (CertificateException e) {
            throw refused(e.getMessage());
        }
        return new GridCredential(keys.getPrivate(), chain);
    }

    /**
     * The delegating side: signs the peer's PKCS#10 request with {@code issuer}, as a proxy valid
     * no longer than the issuer, and returns the DER certificate to wrap and send.
     */
    public static byte[] sign(byte[] request, GridCredential issuer) throws MdmException {
        try {
            ProxyRequestOptions options = new ProxyRequestOptions(issuer.chain(), new PKCS10CertificationRequest(request));
            options.setType(ProxyType.RFC3820);
            Date notAfter = issuer.certificate().getNotAfter();
            options.setValidityBounds(new Date(System.currentTimeMillis() - 5 * 60_000L), notAfter);
            return ProxyGenerator.generate(options, issuer.key())[0].getEncoded();
        } catch (IOException | GeneralSecurityException e) {
            throw new MdmException(Status.AUTHORIZATION_FAILURE, "Cannot sign the delegation request: " + e.getMessage(), e);
        }
    }

    private static MdmException refused(String why) {
        return new MdmException(Status.AUTHORIZATION_FAILURE, "Delegation refused: " + why + ".");
    }
}
