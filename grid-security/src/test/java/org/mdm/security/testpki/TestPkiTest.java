package org.mdm.security.testpki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Checks the fixture's layout against what openssl and the grid tools expect. */
class TestPkiTest {

    private final TestPki pki = TestPki.shared();

    @Test
    void caFileIsNamedByOpensslSubjectHash() throws Exception {
        Path caFile = Files.list(pki.certDir()).filter(p -> p.toString().endsWith(".0")).findFirst().orElseThrow();
        Process p = new ProcessBuilder("openssl", "x509", "-subject_hash", "-noout", "-in", caFile.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String hash = new String(p.getInputStream().readAllBytes()).trim();
        assertEquals(hash + ".0", caFile.getFileName().toString());
        assertTrue(Files.exists(pki.certDir().resolve(hash + ".signing_policy")));
        assertTrue(Files.exists(pki.certDir().resolve(hash + ".r0")));
    }

    @Test
    void userKeysAreMode400AndInBothEncodings() throws Exception {
        assertEquals("r--------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pki.userKey())));
        assertTrue(Files.readString(pki.userKey()).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(Files.readString(pki.userKeyPkcs1()).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
    }

    @Test
    void proxyFileHoldsCertKeyThenChain() throws Exception {
        String pem = Files.readString(pki.proxy());
        int cert = pem.indexOf("BEGIN CERTIFICATE");
        int key = pem.indexOf("BEGIN RSA PRIVATE KEY");
        int chain = pem.indexOf("BEGIN CERTIFICATE", key);
        assertTrue(cert >= 0 && key > cert && chain > key, "proxy, key, user cert");
        assertEquals("/C=FR/O=MDM/OU=users/CN=Test User", pki.userDn());
        assertTrue(Files.exists(pki.vomsDir().resolve(TestPki.VO).resolve(TestPki.VOMS_HOST + ".lsc")));
    }
}
