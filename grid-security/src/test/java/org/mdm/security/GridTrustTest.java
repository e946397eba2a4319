package org.mdm.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import eu.emi.security.authn.x509.ValidationError;
import eu.emi.security.authn.x509.ValidationErrorCode;
import eu.emi.security.authn.x509.ValidationResult;
import eu.emi.security.authn.x509.X509CertChainValidatorExt;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.testpki.TestPki;

class GridTrustTest {

    private static final TestPki PKI = TestPki.shared();
    private static GridTrust trust;

    @BeforeAll
    static void open() throws Exception {
        trust = GridTrust.fromDirectory(PKI.certDir());
    }

    @AfterAll
    static void close() {
        trust.close();
    }

    private static X509Certificate[] chain(Path proxy) throws MdmException {
        return Credentials.loadProxy(proxy).chain();
    }

    @Test
    void acceptsUserHostAndProxyChains() throws Exception {
        assertDoesNotThrow(() -> trust.checkClientTrusted(new X509Certificate[] {PKI.userCertificate()}, "RSA"));
        assertDoesNotThrow(() -> trust.checkServerTrusted(new X509Certificate[] {PKI.hostCertificate()}, "RSA"));
        assertDoesNotThrow(() -> trust.checkClientTrusted(chain(PKI.proxy()), "RSA"));
        assertDoesNotThrow(() -> trust.checkClientTrusted(chain(PKI.vomsProxy()), "RSA"));
        assertArrayEquals(new X509Certificate[] {PKI.caCertificate()}, trust.getAcceptedIssuers());
    }

    @Test
    void refusesExpiredProxy() throws Exception {
        CertificateException e = assertThrows(CertificateException.class,
                () -> trust.checkClientTrusted(chain(PKI.expiredProxy()), "RSA"));
        assertTrue(e.getMessage().startsWith("certificate chain of " + PKI.userDn()), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("expired"), e.getMessage());
    }

    @Test
    void refusesProxyFromUnknownCa() {
        CertificateException e = assertThrows(CertificateException.class,
                () -> trust.checkClientTrusted(chain(PKI.untrustedProxy()), "RSA"));
        assertTrue(e.getMessage().contains(PKI.untrustedUserDn()), e.getMessage());
    }

    @Test
    void refusesRevokedUserWhenTheCaDirectoryHasACrl() {
        CertificateException e = assertThrows(CertificateException.class,
                () -> trust.checkClientTrusted(chain(PKI.revokedProxy()), "RSA"));
        assertTrue(e.getMessage().toLowerCase().contains("revoked"), e.getMessage());
    }

    @Test
    void refusesSubjectOutsideTheCaNamespace() {
        CertificateException e = assertThrows(CertificateException.class,
                () -> trust.checkClientTrusted(chain(PKI.outOfNamespaceProxy()), "RSA"));
        assertTrue(e.getMessage().contains("/C=DE/O=Elsewhere/CN=Outsider"), e.getMessage());
        assertTrue(e.getMessage().toLowerCase().contains("namespace"), e.getMessage());
    }

    @Test
    void refusesEmptyChainAndMissingDirectory() {
        assertThrows(CertificateException.class, () -> trust.validate(new X509Certificate[0]));
        MdmException e = assertThrows(MdmException.class,
                () -> GridTrust.fromDirectory(PKI.root().resolve("nope")));
        assertEquals(Status.CONFIGURATION_ERROR, e.status());
    }

    @Test
    void joinsCanlErrorsIntoOneReadableMessage() {
        X509CertChainValidatorExt canl = mock(X509CertChainValidatorExt.class);
        X509Certificate[] chain = {PKI.userCertificate()};
        ValidationError err = new ValidationError(chain, 0, ValidationErrorCode.noTrustAnchorFound);
        when(canl.validate(chain)).thenReturn(new ValidationResult(false, List.of(err)));
        GridTrust t = new GridTrust(canl);
        CertificateException e = assertThrows(CertificateException.class, () -> t.validate(chain));
        assertTrue(e.getMessage().contains(err.getMessage() + " [" + PKI.userDn() + "]"), e.getMessage());
        t.close();
        verify(canl).dispose();
    }
}
