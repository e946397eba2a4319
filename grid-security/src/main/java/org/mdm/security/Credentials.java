package org.mdm.security;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMException;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Loads X.509 credentials from PEM files: a certificate file plus a key file (host and user
 * credentials), or one proxy file holding the proxy certificate, its key and the rest of the
 * chain (the Globus {@code x509up_u<uid>} layout). Keys may be PKCS#1 ({@code RSA PRIVATE KEY},
 * what grid-proxy-init writes) or PKCS#8 ({@code PRIVATE KEY}, what OpenSSL 3 writes).
 *
 * <p>Encrypted keys are refused: a server cannot prompt for a pass phrase. Nothing read here is
 * ever logged, and error messages name the file, never its content.
 */
public final class Credentials {

    private Credentials() {
    }

    /** Loads a proxy file: certificates and one private key in one file. */
    public static GridCredential loadProxy(Path proxyFile) throws MdmException {
        return load(proxyFile, proxyFile);
    }

    /**
     * Loads a certificate chain (leaf first) from {@code certFile} and its private key from
     * {@code keyFile} (which may be the same file).
     */
    public static GridCredential load(Path certFile, Path keyFile) throws MdmException {
        Contents certs = read(certFile);
        Contents keys = certFile.equals(keyFile) ? certs : read(keyFile);
        if (certs.certs.isEmpty()) {
            throw fail(certFile, "no certificate found (expected a PEM \"CERTIFICATE\" block)");
        }
        if (keys.keys.isEmpty()) {
            throw fail(keyFile, "no private key found (expected \"RSA PRIVATE KEY\" or \"PRIVATE KEY\")");
        }
        if (keys.keys.size() > 1) {
            throw fail(keyFile, "more than one private key");
        }
        PrivateKey key = keys.keys.get(0);
        X509Certificate leaf = certs.certs.get(0);
        if (!matches(key, leaf.getPublicKey())) {
            throw fail(keyFile, "key does not match certificate " + leaf.getSubjectX500Principal().getName()
                    + " of " + certFile);
        }
        return new GridCredential(key, certs.certs.toArray(X509Certificate[]::new));
    }

    private record Contents(List<X509Certificate> certs, List<PrivateKey> keys) {
    }

    private static Contents read(Path file) throws MdmException {
        List<X509Certificate> certs = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.US_ASCII);
                PEMParser pem = new PEMParser(r)) {
            for (Object o = pem.readObject(); o != null; o = pem.readObject()) {
                accept(file, o, certs, keys);
            }
        } catch (NoSuchFileException e) {
            throw fail(file, "file not found");
        } catch (PEMException e) {
            // PEMException messages describe structure, not key bytes.
            throw fail(file, "not a valid PEM file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "cannot read credential file " + file + ": " + e, e);
        }
        return new Contents(certs, keys);
    }

    private static void accept(Path file, Object o, List<X509Certificate> certs, List<PrivateKey> keys)
            throws MdmException, PEMException {
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
        if (o instanceof X509CertificateHolder h) {
            try {
                certs.add(new JcaX509CertificateConverter().getCertificate(h));
            } catch (CertificateException e) {
                throw fail(file, "unreadable certificate: " + e.getMessage(), e);
            }
        } else if (o instanceof PEMKeyPair kp) {
            keys.add(conv.getPrivateKey(kp.getPrivateKeyInfo()));
        } else if (o instanceof PrivateKeyInfo info) {
            keys.add(conv.getPrivateKey(info));
        } else if (o instanceof PEMEncryptedKeyPair || o instanceof PKCS8EncryptedPrivateKeyInfo) {
            throw fail(file, "encrypted key: not supported, use an unencrypted proxy (grid-proxy-init)");
        }
        // Anything else (parameters, CRLs) is irrelevant to a credential and skipped.
    }

    /** Proves possession: a signature made with the key verifies with the certificate's key. */
    private static boolean matches(PrivateKey key, PublicKey pub) {
        if (!key.getAlgorithm().equals(pub.getAlgorithm())) {
            return false;
        }
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> null;
        };
        if (alg == null) {
            return false;
        }
        try {
            byte[] challenge = "mdm credential check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(challenge);
            byte[] sig = s.sign();
            s.initVerify(pub);
            s.update(challenge);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static MdmException fail(Path file, String what) {
        return new MdmException(Status.CONFIGURATION_ERROR, "credential file " + file + ": " + what);
    }

    private static MdmException fail(Path file, String what, Throwable cause) {
        return new MdmException(Status.CONFIGURATION_ERROR, "credential file " + file + ": " + what, cause);
    }
}
