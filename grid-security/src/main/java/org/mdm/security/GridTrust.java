package org.mdm.security;

import eu.emi.security.authn.x509.CrlCheckingMode;
import eu.emi.security.authn.x509.NamespaceCheckingMode;
import eu.emi.security.authn.x509.OCSPCheckingMode;
import eu.emi.security.authn.x509.OCSPParametes;
import eu.emi.security.authn.x509.ProxySupport;
import eu.emi.security.authn.x509.ValidationError;
import eu.emi.security.authn.x509.ValidationResult;
import eu.emi.security.authn.x509.X509CertChainValidatorExt;
import eu.emi.security.authn.x509.helpers.proxy.ExtendedProxyType;
import eu.emi.security.authn.x509.impl.CRLParameters;
import eu.emi.security.authn.x509.impl.OpensslCertChainValidator;
import eu.emi.security.authn.x509.impl.OpensslNameUtils;
import eu.emi.security.authn.x509.impl.RevocationParametersExt;
import eu.emi.security.authn.x509.impl.ValidatorParams;
import eu.emi.security.authn.x509.helpers.proxy.ProxyHelper;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.Objects;
import java.util.stream.Collectors;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * A proxy-aware trust manager over a grid CA directory ({@code X509_CERT_DIR}: OpenSSL 1.x
 * subject-hash names, {@code .signing_policy}/{@code .namespaces} files, {@code .r0} CRLs).
 *
 * <p>The JDK's PKIX trust manager refuses RFC 3820 proxy chains (a proxy is signed by an end
 * entity without keyCertSign), so every check is delegated to canl's
 * {@link OpensslCertChainValidator} with proxies allowed. CRLs are honoured when the directory
 * holds one for a CA (canl's IF_VALID); OCSP is off because grid CAs publish CRLs and a door
 * must not stall on a remote responder. canl 2.8.3 accepts a proxy for five minutes after its
 * notAfter (a constant grace period, {@code BCCertPathValidator.PROXY_VALIDATION_GRACE_PERIOD},
 * with no setting to turn it off), so every certificate of the chain is also checked against
 * this trust's clock here: an expired proxy is refused at once, as globus-gridftp-server does.
 * Host-name checks are not done here: client contexts from
 * {@link TlsContexts#client} wrap this in {@link HostnameCheckingTrust}, which does them.
 *
 * <p>Close it to stop canl's directory refresh timer.
 */
public final class GridTrust extends X509ExtendedTrustManager implements AutoCloseable {

    /** How often canl rereads the CA directory by default: ten minutes. */
    public static final long DEFAULT_REFRESH_MS = 10 * 60 * 1000L;

    private final X509CertChainValidatorExt validator;
    private final Clock clock;

    /** Wraps a canl validator (a seam for tests and for callers that configure canl themselves). */
    public GridTrust(X509CertChainValidatorExt validator) {
        this(validator, Clock.systemUTC());
    }

    /** Wraps a canl validator; expiry is judged by {@code clock} (a seam for tests). */
    public GridTrust(X509CertChainValidatorExt validator, Clock clock) {
        this.validator = Objects.requireNonNull(validator, "validator");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Trust in the CAs of {@code caDir}, reread every {@link #DEFAULT_REFRESH_MS}. */
    public static GridTrust fromDirectory(Path caDir) throws MdmException {
        return fromDirectory(caDir, DEFAULT_REFRESH_MS);
    }

    /** Trust in the CAs of {@code caDir}, reread every {@code refreshMs} milliseconds. */
    public static GridTrust fromDirectory(Path caDir, long refreshMs) throws MdmException {
        if (!Files.isDirectory(caDir)) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "CA directory " + caDir
                    + " does not exist: set X509_CERT_DIR or install the CA certificates (e.g. ca-policy-egi-core)");
        }
        RevocationParametersExt revocation = new RevocationParametersExt(CrlCheckingMode.IF_VALID,
                new CRLParameters(), new OCSPParametes(OCSPCheckingMode.IGNORE));
        ValidatorParams params = new ValidatorParams(revocation, ProxySupport.ALLOW);
        return new GridTrust(new OpensslCertChainValidator(caDir.toString(), true,
                NamespaceCheckingMode.EUGRIDPMA_GLOBUS, refreshMs, params));
    }

    /** The canl validator behind this trust manager (VOMS validation reuses it). */
    public X509CertChainValidatorExt validator() {
        return validator;
    }

    /**
     * Validates a chain, leaf first (proxies allowed).
     *
     * @throws RefusedChain with a readable reason naming the refused certificate
     */
    public void validate(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new RefusedChain("(none)", "no certificate presented");
        }
        ValidationResult result;
        try {
            result = validator.validate(chain);
        } catch (RuntimeException e) {
            // canl 2.8.3 throws a NullPointerException for a chain whose issuer has a trusted
            // CA's name but not its key (a look-alike CA); a handshake must refuse it, not crash.
            throw new RefusedChain(dn(chain[0]), "certificate chain of " + dn(chain[0]) + " refused: it cannot be"
                    + " validated against the trusted CAs (" + e + "); is it issued by a CA that only has a trusted"
                    + " CA's name?");
        }
        if (!result.isValid()) {
            throw new RefusedChain(dn(chain[0]), describe(chain, result));
        }
        checkNotExpired(chain, new Date(clock.millis()));
        checkNoLegacyProxy(chain);
    }

    /**
     * Refuses legacy (pre-RFC 3820, {@code grid-proxy-init -old}) proxies, as
     * globus-gridftp-server does: they pass canl, but a legacy proxy delegated for a data channel
     * fails the clients' own checks ("key usage does not include certificate signing"), so they
     * would half work. Draft (GT3) and RFC 3820 proxies are accepted.
     */
    static void checkNoLegacyProxy(X509Certificate[] chain) throws CertificateException {
        for (X509Certificate c : chain) {
            if (ProxyHelper.getProxyType(c) == ExtendedProxyType.LEGACY) {
                throw new RefusedChain(dn(chain[0]), "certificate chain of " + dn(chain[0]) + " refused: [" + dn(c)
                        + "] is a legacy (pre-RFC 3820) Globus proxy; make an RFC 3820 proxy instead"
                        + " (grid-proxy-init -rfc, voms-proxy-init -rfc)");
            }
        }
    }

    /**
     * Refuses a chain any certificate of which has expired at {@code now}: canl's grace period
     * would let a proxy through for five more minutes. notBefore keeps canl's tolerance, which
     * covers clock skew between the proxy maker and us (grid-proxy-init backdates anyway).
     */
    static void checkNotExpired(X509Certificate[] chain, Date now) throws CertificateException {
        for (X509Certificate c : chain) {
            if (now.after(c.getNotAfter())) {
                throw new RefusedChain(dn(chain[0]), "certificate chain of " + dn(chain[0]) + " refused: certificate ["
                        + dn(c) + "] expired at " + c.getNotAfter().toInstant() + "; make a new proxy"
                        + " (grid-proxy-init -rfc, voms-proxy-init)");
            }
        }
    }

    static String describe(X509Certificate[] chain, ValidationResult result) {
        String reasons = result.getErrors().stream().map(e -> reason(chain, e)).distinct()
                .collect(Collectors.joining("; "));
        return "certificate chain of " + dn(chain[0]) + " refused: " + (reasons.isEmpty() ? "invalid" : reasons);
    }

    private static String reason(X509Certificate[] chain, ValidationError e) {
        int pos = e.getPosition();
        String where = pos >= 0 && pos < chain.length ? " [" + dn(chain[pos]) + "]" : "";
        return e.getMessage() + where;
    }

    /** The subject of {@code cert} in the OpenSSL form grid tools print and ACLs use ({@code /C=../CN=..}). */
    public static String dn(X509Certificate cert) {
        return OpensslNameUtils.convertFromRfc2253(cert.getSubjectX500Principal().getName(), false);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        validate(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        validate(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        validate(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        validate(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        validate(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        validate(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return validator.getTrustedIssuers();
    }

    @Override
    public void close() {
        validator.dispose();
    }
}
