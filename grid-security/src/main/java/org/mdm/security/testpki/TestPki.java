package org.mdm.security.testpki;

import eu.emi.security.authn.x509.helpers.trust.OpensslTruststoreHelper;
import eu.emi.security.authn.x509.impl.KeyAndCertCredential;
import eu.emi.security.authn.x509.impl.OpensslNameUtils;
import eu.emi.security.authn.x509.proxy.ProxyCertificate;
import eu.emi.security.authn.x509.proxy.ProxyCertificateOptions;
import eu.emi.security.authn.x509.proxy.ProxyGenerator;
import eu.emi.security.authn.x509.proxy.ProxyType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.stream.Stream;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.AttributeCertificate;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509AttributeCertificateHolder;
import org.italiangrid.voms.asn1.VOMSACGenerator;
import org.mdm.security.testpki.CertMaker.Issued;

/**
 * A throwaway PKI for tests, generated in Java and laid out like {@code /etc/grid-security}:
 *
 * <pre>
 * root/certificates/&lt;hash&gt;.0, .signing_policy, .namespaces, .r0   trusted CA (+ CRL)
 * root/vomsdir/biomed/voms.example.org.lsc                     trusted VOMS server
 * root/hostcert.pem, hostkey.pem                               CN=localhost, SAN DNS:localhost
 * root/vomscert.pem, vomskey.pem                               the VOMS server (CN=voms.example.org)
 * root/usercert.pem, userkey.pem (PKCS#8), userkey-rsa.pem (PKCS#1), mode 400
 * root/x509up, x509up_voms, x509up_expired, x509up_untrusted, x509up_revoked, x509up_outsider
 * </pre>
 *
 * <p>Proxy files hold the proxy certificate, its key, then the rest of the chain (the Globus
 * layout). {@link #shared()} gives one PKI per JVM so that test classes do not pay for RSA key
 * generation again; {@link #create(Path)} makes a fresh one. Private keys are only ever written
 * under the given (temporary) directory.
 */
public final class TestPki {

    /** The VO of the VOMS proxy. */
    public static final String VO = "biomed";
    /** The VOMS server's host name (also the .lsc file name). */
    public static final String VOMS_HOST = "voms.example.org";
    /** The VOMS server's port as written in the AC. */
    public static final int VOMS_PORT = 15000;
    /** The FQANs of the VOMS proxy, primary first. */
    public static final List<String> FQANS = List.of("/biomed/Role=NULL", "/biomed/lab");

    private static final String CA_DN = "C=FR,O=MDM,CN=MDM Test CA";
    private static TestPki shared;

    private final Path root;
    private Issued ca;
    private Issued host;
    private Issued user;
    private Issued voms;
    private Issued revoked;
    private Issued rogueUser;
    private Issued outsider;

    private TestPki(Path root) {
        this.root = root;
    }

    /** One PKI per JVM in a temporary directory removed at exit. */
    public static synchronized TestPki shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("mdm-testpki");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
                shared = create(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** Generates a complete PKI under {@code root} (which must exist and should be empty). */
    public static TestPki create(Path root) {
        TestPki pki = new TestPki(root);
        try {
            pki.generate();
        } catch (Exception e) {
            throw new IllegalStateException("cannot generate the test PKI in " + root, e);
        }
        return pki;
    }

    private void generate() throws Exception {
        ca = CertMaker.ca(CA_DN);
        host = CertMaker.endEntity(ca, "C=FR,O=MDM,OU=hosts,CN=localhost", "localhost",
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
        user = CertMaker.endEntity(ca, "C=FR,O=MDM,OU=users,CN=Test User", null, KeyPurposeId.id_kp_clientAuth);
        voms = CertMaker.endEntity(ca, "C=FR,O=MDM,OU=hosts,CN=" + VOMS_HOST, VOMS_HOST,
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth);
        revoked = CertMaker.endEntity(ca, "C=FR,O=MDM,OU=users,CN=Revoked User", null,
                KeyPurposeId.id_kp_clientAuth);
        outsider = CertMaker.endEntity(ca, "C=DE,O=Elsewhere,CN=Outsider", null, KeyPurposeId.id_kp_clientAuth);
        Issued rogueCa = CertMaker.ca("C=XX,O=Elsewhere,CN=Rogue CA");
        rogueUser = CertMaker.endEntity(rogueCa, "C=XX,O=Elsewhere,CN=Mallory", null, KeyPurposeId.id_kp_clientAuth);

        writeTrustDir();
        writeVomsDir();
        Pem.writeChain(hostCert(), host.cert());
        Pem.writePkcs8(hostKey(), host.key());
        Pem.writeChain(vomsCert(), voms.cert());
        Pem.writePkcs8(vomsKey(), voms.key());
        Pem.writeChain(userCert(), user.cert());
        Pem.writePkcs8(userKey(), user.key());
        Pem.writePkcs1(userKeyPkcs1(), user.key());
        Pem.readOnly(userKey());
        Pem.readOnly(userKeyPkcs1());

        Instant now = Instant.now();
        writeProxy(proxy(), user, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(12)), null, false);
        writeProxy(vomsProxy(), user, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(12)),
                vomsAc(now), true);
        writeProxy(expiredProxy(), user, now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)), null, false);
        writeProxy(untrustedProxy(), rogueUser, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(12)),
                null, false);
        writeProxy(outOfNamespaceProxy(), outsider, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(12)),
                null, false);
        writeProxy(revokedProxy(), revoked, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(12)),
                null, false);
    }

    private void writeTrustDir() throws Exception {
        Files.createDirectories(certDir());
        String hash = OpensslTruststoreHelper.getOpenSSLCAHash(ca.cert().getSubjectX500Principal(), true);
        String caSlash = slash(ca.cert().getSubjectX500Principal());
        Pem.writeChain(certDir().resolve(hash + ".0"), ca.cert());
        Files.writeString(certDir().resolve(hash + ".signing_policy"),
                "access_id_CA X509 '" + caSlash + "'\n"
                        + "pos_rights globus CA:sign\n"
                        + "cond_subjects globus '\"/C=FR/O=MDM/*\"'\n");
        Files.writeString(certDir().resolve(hash + ".namespaces"),
                "TO Issuer \"" + caSlash + "\" \\\n  PERMIT Subject \"/C=FR/O=MDM/.*\"\n");
        // A CRL makes canl check revocation for this CA: only the "Revoked User" is listed.
        Pem.writeCrl(certDir().resolve(hash + ".r0"), CertMaker.crl(ca, revoked.cert()));
    }

    private void writeVomsDir() throws IOException {
        Path vo = vomsDir().resolve(VO);
        Files.createDirectories(vo);
        Files.writeString(vo.resolve(VOMS_HOST + ".lsc"),
                slash(voms.cert().getSubjectX500Principal()) + "\n" + slash(ca.cert().getSubjectX500Principal()) + "\n");
    }

    private AttributeCertificate vomsAc(Instant now) throws Exception {
        // voms-api-java ships the generator its own tests and voms-proxy-init use.
        VOMSACGenerator gen = new VOMSACGenerator(
                new KeyAndCertCredential(voms.key(), new X509Certificate[] {voms.cert()}));
        X509AttributeCertificateHolder ac = gen.generateVOMSAttributeCertificate(FQANS, List.of(), List.of(),
                user.cert(), BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(Duration.ofHours(12))), VO, VOMS_HOST, VOMS_PORT);
        return ac.toASN1Structure();
    }

    private static void writeProxy(Path file, Issued owner, Instant from, Instant to,
            AttributeCertificate ac, boolean pkcs8) throws Exception {
        ProxyCertificateOptions opts = new ProxyCertificateOptions(new X509Certificate[] {owner.cert()});
        opts.setType(ProxyType.RFC3820);
        opts.setKeyLength(2048);
        opts.setValidityBounds(Date.from(from), Date.from(to));
        if (ac != null) {
            // canl writes the VOMS extension (1.3.6.1.4.1.8005.100.100.5) around the AC.
            opts.setAttributeCertificates(new AttributeCertificate[] {ac});
        }
        ProxyCertificate proxy = ProxyGenerator.generate(opts, owner.key());
        X509Certificate[] chain = proxy.getCertificateChain();
        List<Object> parts = new ArrayList<>();
        parts.add(chain[0]);
        parts.add(pkcs8 ? Pem.pkcs8(proxy.getPrivateKey()) : proxy.getPrivateKey());
        parts.addAll(List.of(chain).subList(1, chain.length));
        Pem.write(file, parts);
        Pem.ownerOnly(file);
    }

    private static String slash(X500Principal p) {
        return OpensslNameUtils.convertFromRfc2253(p.getName(), false);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }

    /** The root directory (like /etc/grid-security). */
    public Path root() {
        return root;
    }

    /** The trusted CA directory (X509_CERT_DIR). */
    public Path certDir() {
        return root.resolve("certificates");
    }

    /** The vomsdir (X509_VOMS_DIR) with one .lsc per trusted VOMS server. */
    public Path vomsDir() {
        return root.resolve("vomsdir");
    }

    /** The host certificate (CN=localhost). */
    public Path hostCert() {
        return root.resolve("hostcert.pem");
    }

    /** The host key (PKCS#8). */
    public Path hostKey() {
        return root.resolve("hostkey.pem");
    }

    /** The VOMS server's certificate (for voms-proxy-fake -hostcert). */
    public Path vomsCert() {
        return root.resolve("vomscert.pem");
    }

    /** The VOMS server's key, PKCS#8 (for voms-proxy-fake -hostkey). */
    public Path vomsKey() {
        return root.resolve("vomskey.pem");
    }

    /** The user certificate. */
    public Path userCert() {
        return root.resolve("usercert.pem");
    }

    /** The user key, PKCS#8 ("PRIVATE KEY"), mode 400. */
    public Path userKey() {
        return root.resolve("userkey.pem");
    }

    /** The same user key, PKCS#1 ("RSA PRIVATE KEY"), mode 400. */
    public Path userKeyPkcs1() {
        return root.resolve("userkey-rsa.pem");
    }

    /** A valid RFC 3820 proxy of the user (PKCS#1 key), no VOMS AC. */
    public Path proxy() {
        return root.resolve("x509up");
    }

    /** A valid RFC 3820 proxy of the user (PKCS#8 key) carrying a VOMS AC with {@link #FQANS}. */
    public Path vomsProxy() {
        return root.resolve("x509up_voms");
    }

    /** A proxy of the user that expired yesterday. */
    public Path expiredProxy() {
        return root.resolve("x509up_expired");
    }

    /** A valid proxy of a user from a CA that is not in {@link #certDir()}. */
    public Path untrustedProxy() {
        return root.resolve("x509up_untrusted");
    }

    /** A valid proxy of a user whose certificate the CA's CRL revokes. */
    public Path revokedProxy() {
        return root.resolve("x509up_revoked");
    }

    /**
     * A valid proxy of a user signed by the trusted CA but outside the namespace its
     * .namespaces/.signing_policy allow (/C=DE/O=Elsewhere/CN=Outsider).
     */
    public Path outOfNamespaceProxy() {
        return root.resolve("x509up_outsider");
    }

    /** The CA certificate. */
    public X509Certificate caCertificate() {
        return ca.cert();
    }

    /** The user's end-entity certificate. */
    public X509Certificate userCertificate() {
        return user.cert();
    }

    /** The host certificate. */
    public X509Certificate hostCertificate() {
        return host.cert();
    }

    /** The user's DN in OpenSSL slash form. */
    public String userDn() {
        return slash(user.cert().getSubjectX500Principal());
    }

    /** The host's DN in OpenSSL slash form. */
    public String hostDn() {
        return slash(host.cert().getSubjectX500Principal());
    }

    /** The untrusted user's DN in OpenSSL slash form. */
    public String untrustedUserDn() {
        return slash(rogueUser.cert().getSubjectX500Principal());
    }

    /**
     * A further user of this CA, "/C=FR/O=MDM/OU=users/CN={@code cn}", with a 12-hour proxy in
     * {@code <root>/users/<cn>.proxy}: a VOMS proxy of the test VO holding {@code fqans} (primary
     * first, e.g. {@code /biomed/Role=NULL}, {@code /biomed/rad/Role=doctor}), or a plain proxy
     * when there are none. For tests of who may read what (colleagues, groups, roles).
     */
    public synchronized Path colleagueProxy(String cn, List<String> fqans) {
        try {
            Path dir = root.resolve("users");
            Files.createDirectories(dir);
            Path proxy = dir.resolve(cn.replaceAll("[^A-Za-z0-9]", "_") + ".proxy");
            Issued colleague = CertMaker.endEntity(ca, "C=FR,O=MDM,OU=users,CN=" + cn, null,
                    KeyPurposeId.id_kp_clientAuth);
            Instant now = Instant.now();
            AttributeCertificate ac = null;
            if (!fqans.isEmpty()) {
                VOMSACGenerator gen = new VOMSACGenerator(
                        new KeyAndCertCredential(voms.key(), new X509Certificate[] {voms.cert()}));
                ac = gen.generateVOMSAttributeCertificate(fqans, List.of(), List.of(), colleague.cert(),
                        BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(Duration.ofMinutes(5))),
                        Date.from(now.plus(Duration.ofHours(12))), VO, VOMS_HOST, VOMS_PORT).toASN1Structure();
            }
            writeProxy(proxy, colleague, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(12)), ac,
                    ac != null);
            return proxy;
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a proxy for " + cn, e);
        }
    }

    /** The DN {@link #colleagueProxy} gives {@code cn}, in OpenSSL slash form. */
    public static String colleagueDn(String cn) {
        return "/C=FR/O=MDM/OU=users/CN=" + cn;
    }
}
