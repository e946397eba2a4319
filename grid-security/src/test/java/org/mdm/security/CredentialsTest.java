package org.mdm.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.emi.security.authn.x509.proxy.ProxyUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.testpki.TestPki;

class CredentialsTest {

    private final TestPki pki = TestPki.shared();

    @Test
    void loadsUserCredentialWithPkcs8AndPkcs1Keys() throws Exception {
        GridCredential p8 = Credentials.load(pki.userCert(), pki.userKey());
        GridCredential p1 = Credentials.load(pki.userCert(), pki.userKeyPkcs1());
        assertEquals(pki.userCertificate(), p8.certificate());
        assertEquals(p8.key(), p1.key());
        assertFalse(p8.toString().contains("PRIVATE"), "toString shows no key");
    }

    @Test
    void loadsProxyFileWithItsChain() throws Exception {
        GridCredential proxy = Credentials.loadProxy(pki.proxy());
        assertEquals(2, proxy.chain().length);
        assertTrue(ProxyUtils.isProxy(proxy.certificate()));
        assertEquals(pki.userCertificate(), proxy.chain()[1]);
        GridCredential voms = Credentials.loadProxy(pki.vomsProxy());  // PKCS#8 key inside
        assertTrue(ProxyUtils.isProxy(voms.certificate()));
        assertEquals(2, voms.toCanl().getCertificateChain().length);
    }

    @Test
    void refusesKeyOfAnotherCertificate() {
        MdmException e = assertThrows(MdmException.class, () -> Credentials.load(pki.hostCert(), pki.userKey()));
        assertEquals(Status.CONFIGURATION_ERROR, e.status());
        assertTrue(e.getMessage().contains("key does not match certificate"), e.getMessage());
        assertTrue(e.getMessage().contains(pki.userKey().toString()), e.getMessage());
    }

    @Test
    void refusesEncryptedKey(@TempDir Path dir) throws Exception {
        Path enc = dir.resolve("enc.pem");
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(1024);
        try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(enc))) {
            w.writeObject(gen.generateKeyPair().getPrivate(),
                    new JcePEMEncryptorBuilder("AES-128-CBC").build("secret".toCharArray()));
        }
        MdmException e = assertThrows(MdmException.class, () -> Credentials.load(pki.userCert(), enc));
        assertTrue(e.getMessage().contains("encrypted key: not supported, use an unencrypted proxy"), e.getMessage());
        assertFalse(e.getMessage().contains("BEGIN"), "no key material in the message");
    }

    @Test
    void namesTheFileWhenSomethingIsMissing(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "nothing here\n");
        for (var call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> Credentials.load(empty, pki.userKey()),
                () -> Credentials.load(pki.userCert(), empty),
                () -> Credentials.loadProxy(dir.resolve("missing")))) {
            MdmException e = assertThrows(MdmException.class, call);
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        }
        MdmException e = assertThrows(MdmException.class, () -> Credentials.load(pki.userCert(), empty));
        assertTrue(e.getMessage().contains("no private key found"), e.getMessage());
    }
}
