package org.mdm.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import eu.emi.security.authn.x509.proxy.ProxyUtils;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.GridPrincipal;
import org.mdm.security.testpki.TestPki;

/**
 * Proxies made by the real Debian grid tools from the fixture's user credential must be
 * accepted by {@link GridTrust} and yield the right principal. A missing tool fails the test
 * with the install line: these tools are the reference, not an optional extra.
 */
class GridToolsInteropTest {

    private static final TestPki PKI = TestPki.shared();
    private static GridTrust trust;
    private static VomsAttributes voms;

    @TempDir
    Path work;

    @BeforeAll
    static void open() throws Exception {
        trust = GridTrust.fromDirectory(PKI.certDir());
        voms = VomsAttributes.create(PKI.vomsDir(), trust);
    }

    @AfterAll
    static void close() {
        voms.close();
        trust.close();
    }

    @Test
    void gridProxyInitRfcProxyIsAcceptedAndNamesTheUser() throws Exception {
        Path out = work.resolve("x509up_gpi");
        run("grid-proxy-init", "globus-proxy-utils", "-rfc", "-cert", PKI.userCert().toString(),
                "-key", PKI.userKey().toString(), "-certdir", PKI.certDir().toString(),
                "-out", out.toString(), "-valid", "1:00");
        X509Certificate[] chain = Credentials.loadProxy(out).chain();
        assertTrue(ProxyUtils.isProxy(chain[0]));
        assertDoesNotThrow(() -> trust.checkClientTrusted(chain, "RSA"));
        assertEquals(new GridPrincipal(PKI.userDn(), List.of()), new PrincipalExtractor(voms).principal(chain));
    }

    @Test
    void vomsProxyFakeProxyIsAcceptedAndCarriesTheFqans() throws Exception {
        Path out = work.resolve("x509up_fake");
        run("voms-proxy-fake", "voms-clients", "-rfc", "-cert", PKI.userCert().toString(),
                "-key", PKI.userKey().toString(), "-hostcert", PKI.vomsCert().toString(),
                "-hostkey", PKI.vomsKey().toString(), "-voms", TestPki.VO,
                "-fqan", TestPki.FQANS.get(0), "-fqan", TestPki.FQANS.get(1),
                "-uri", TestPki.VOMS_HOST + ":" + TestPki.VOMS_PORT,
                "-certdir", PKI.certDir().toString(), "-out", out.toString());
        X509Certificate[] chain = Credentials.loadProxy(out).chain();
        assertDoesNotThrow(() -> trust.checkClientTrusted(chain, "RSA"));
        GridPrincipal p = new PrincipalExtractor(voms).principal(chain);
        assertEquals(PKI.userDn(), p.dn());
        // voms-proxy-fake may canonicalise "/biomed/Role=NULL" with "/Capability=NULL".
        assertEquals(2, p.fqans().size(), p.fqans().toString());
        assertTrue(p.fqans().get(0).startsWith(TestPki.FQANS.get(0)), p.fqans().toString());
        assertTrue(p.fqans().get(1).startsWith(TestPki.FQANS.get(1)), p.fqans().toString());
    }

    @Test
    void aShortGridProxyInitProxyIsRefusedWithinASecondOfItsExpiry() throws Exception {
        Path out = gridProxyInit("x509up_short", "-rfc", "-valid", "0:1");
        X509Certificate[] chain = Credentials.loadProxy(out).chain();
        Instant notAfter = chain[0].getNotAfter().toInstant();
        GridTrust before = new GridTrust(trust.validator(), Clock.fixed(notAfter.minusSeconds(1), ZoneOffset.UTC));
        assertDoesNotThrow(() -> before.validate(chain));
        // canl alone would accept it for five more minutes (its proxy grace period).
        GridTrust after = new GridTrust(trust.validator(), Clock.fixed(notAfter.plusSeconds(1), ZoneOffset.UTC));
        CertificateException e = assertThrows(CertificateException.class, () -> after.validate(chain));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
        assertEquals(PKI.userDn(), RefusedChain.in(e).orElseThrow().subject().replaceAll("/CN=[0-9]+$", ""));
    }

    @Test
    void aProxyThatExpiredThirtySecondsAgoIsRefused() throws Exception {
        // voms-proxy-fake can start a proxy in the past: one hour long, started 3630 s ago.
        Path out = vomsProxyFake("x509up_expired30", "-pastproxy", "3630", "-hours", "1");
        X509Certificate[] chain = Credentials.loadProxy(out).chain();
        assertTrue(chain[0].getNotAfter().toInstant().isBefore(Instant.now()), "the tool made an expired proxy");
        CertificateException e = assertThrows(CertificateException.class, () -> trust.validate(chain));
        assertTrue(e.getMessage().contains("expired"), e.getMessage());
    }

    @Test
    void aLegacyProxyIsRefusedWithTheCommandThatMakesAnRfcOne() throws Exception {
        X509Certificate[] chain = Credentials.loadProxy(gridProxyInit("x509up_old", "-old")).chain();
        CertificateException e = assertThrows(CertificateException.class, () -> trust.validate(chain));
        assertTrue(e.getMessage().contains("legacy") && e.getMessage().contains("grid-proxy-init -rfc"),
                e.getMessage());
    }

    @Test
    void limitedAndDraftProxiesAreAccepted() throws Exception {
        for (String[] kind : List.of(new String[] {"-rfc", "-limited"}, new String[] {"-draft"})) {
            X509Certificate[] chain = Credentials.loadProxy(gridProxyInit("x509up" + kind.length, kind)).chain();
            assertDoesNotThrow(() -> trust.validate(chain), String.join(" ", kind));
        }
    }

    @Test
    void anExpiredAttributeCertificateGivesNoFqansAndSaysWhy() throws Exception {
        // An AC of one hour started 3660 s ago: expired 60 s ago, inside voms-api-java's skew.
        Path out = vomsProxyFake("x509up_expired_ac", "-pastac", "3660", "-vomslife", "1");
        X509Certificate[] chain = Credentials.loadProxy(out).chain();
        assertDoesNotThrow(() -> trust.validate(chain), "the proxy itself is valid");
        VomsAttributes.Reading r = voms.read(chain);
        assertEquals(List.of(), r.fqans());
        assertEquals(1, r.refused().size(), r.refused().toString());
        assertTrue(r.refused().get(0).contains("expired"), r.refused().toString());
        assertEquals(List.of(), new PrincipalExtractor(voms).principal(chain).fqans());
    }

    private Path gridProxyInit(String name, String... options) throws Exception {
        return ProxyTools.gridProxyInit(PKI, work.resolve(name), options);
    }

    private Path vomsProxyFake(String name, String... options) throws Exception {
        return ProxyTools.vomsProxyFake(PKI, work.resolve(name), options);
    }

    private void run(String tool, String debianPackage, String... args) throws Exception {
        if (!onPath(tool)) {
            fail(tool + " is missing: install it with 'apt-get install -y " + debianPackage + "'");
        }
        List<String> cmd = new ArrayList<>(List.of(tool));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(work.resolve(tool + ".log").toFile());
        pb.environment().put("X509_CERT_DIR", PKI.certDir().toString());
        pb.environment().put("X509_VOMS_DIR", PKI.vomsDir().toString());
        pb.environment().put("HOME", work.toString()); // OpenSSL's .rnd goes here, not to ~
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(tool + " did not finish in 120 s");
        }
        String log = Files.readString(work.resolve(tool + ".log"));
        assertEquals(0, p.exitValue(), tool + " failed:\n" + log);
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
