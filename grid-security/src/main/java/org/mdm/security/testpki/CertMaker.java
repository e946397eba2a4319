package org.mdm.security.testpki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Bouncy Castle certificate builders for the test PKI: CAs, end entities and CRLs with the
 * extensions the Globus and gfal2 clients expect (see PROTOCOLS.md "Test PKI").
 */
final class CertMaker {

    /** An issued certificate and its key pair. */
    record Issued(X509Certificate cert, KeyPair keys) {
        PrivateKey key() {
            return keys.getPrivate();
        }
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private CertMaker() {
    }

    static KeyPair rsa() throws GeneralSecurityException {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        return gen.generateKeyPair();
    }

    /** A self-signed CA: basicConstraints CA:true and keyUsage keyCertSign+cRLSign, both critical. */
    static Issued ca(String dn) throws Exception {
        KeyPair keys = rsa();
        X500Name name = new X500Name(dn);
        X509v3CertificateBuilder b = builder(name, name, keys, Instant.now().minus(Duration.ofDays(30)),
                Instant.now().plus(Duration.ofDays(3650)));
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        return new Issued(sign(b, keys.getPrivate()), keys);
    }

    /**
     * An end-entity certificate signed by {@code ca}.
     *
     * @param dnsName a DNS SAN to add, or null
     * @param purposes the extended key usages
     */
    static Issued endEntity(Issued ca, String dn, String dnsName, KeyPurposeId... purposes)
            throws Exception {
        KeyPair keys = rsa();
        X509v3CertificateBuilder b = builder(X500Name.getInstance(
                ca.cert().getSubjectX500Principal().getEncoded()), new X500Name(dn), keys,
                Instant.now().minus(Duration.ofDays(7)), Instant.now().plus(Duration.ofDays(365)));
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.dataEncipherment));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca.cert()));
        if (dnsName != null) {
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        }
        return new Issued(sign(b, ca.key()), keys);
    }

    /** A CRL of {@code ca} revoking the given certificates, valid from yesterday for a week. */
    static X509CRL crl(Issued ca, X509Certificate... revoked) throws Exception {
        Instant now = Instant.now();
        X509v2CRLBuilder b = new X509v2CRLBuilder(X500Name.getInstance(
                ca.cert().getSubjectX500Principal().getEncoded()), Date.from(now.minus(Duration.ofDays(1))));
        b.setNextUpdate(Date.from(now.plus(Duration.ofDays(7))));
        for (X509Certificate c : revoked) {
            b.addCRLEntry(c.getSerialNumber(), Date.from(now.minus(Duration.ofHours(1))), CRLReason.keyCompromise);
        }
        b.addExtension(Extension.authorityKeyIdentifier, false,
                new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.cert()));
        return new JcaX509CRLConverter().getCRL(b.build(signer(ca.key())));
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys,
            Instant from, Instant to) {
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(from), Date.from(to), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(b.build(signer(key)));
    }

    private static org.bouncycastle.operator.ContentSigner signer(PrivateKey key)
            throws OperatorCreationException {
        return new JcaContentSignerBuilder("SHA256withRSA").build(key);
    }
}
