package org.mdm.security;

import eu.emi.security.authn.x509.impl.OpensslNameUtils;
import eu.emi.security.authn.x509.proxy.ProxyUtils;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Turns a validated certificate chain (proxies allowed) into the caller's {@link GridPrincipal}:
 * the DN of the end-entity certificate behind the proxies, in OpenSSL slash form, and the FQANs
 * of its valid VOMS ACs, primary first.
 *
 * <p>The chain must already have been validated by {@link GridTrust} (a TLS handshake with it
 * does that): this class reads identities, it does not decide trust.
 */
public final class PrincipalExtractor {

    private final VomsAttributes voms;

    /** Reads FQANs with {@code voms}. */
    public PrincipalExtractor(VomsAttributes voms) {
        this.voms = Objects.requireNonNull(voms, "voms");
    }

    /** The principal of a validated chain, leaf first (refused VOMS ACs are logged). */
    public GridPrincipal principal(X509Certificate[] chain) throws MdmException {
        return new GridPrincipal(userDn(chain), voms.fqans(chain));
    }

    /** A principal and the reasons any of its VOMS ACs were refused (for a server that logs them itself). */
    public record Identified(GridPrincipal principal, List<String> refusedAttributes) {
    }

    /** The principal of a validated chain, leaf first, without logging: the caller logs refusals. */
    public Identified identify(X509Certificate[] chain) throws MdmException {
        String dn = userDn(chain);
        VomsAttributes.Reading r = voms.read(chain);
        return new Identified(new GridPrincipal(dn, r.fqans()), r.refused());
    }

    /** The DN of the end entity behind a (proxy) chain, leaf first, in OpenSSL's slash form. */
    public static String userDn(X509Certificate[] chain) throws MdmException {
        if (chain == null || chain.length == 0) {
            throw new MdmException(Status.AUTHORIZATION_FAILURE, "no client certificate: a grid credential is required");
        }
        try {
            return OpensslNameUtils.convertFromRfc2253(ProxyUtils.getOriginalUserDN(chain).getName(), false);
        } catch (IllegalArgumentException e) {
            throw new MdmException(Status.AUTHORIZATION_FAILURE, "certificate chain of "
                    + GridTrust.dn(chain[0]) + " has no end-entity certificate: " + e.getMessage(), e);
        }
    }

    /** The principal of the peer of a completed TLS handshake. */
    public GridPrincipal principal(SSLSession session) throws MdmException {
        Certificate[] peer;
        try {
            peer = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            throw new MdmException(Status.AUTHORIZATION_FAILURE, "the peer sent no certificate: a grid credential is required", e);
        }
        X509Certificate[] chain = new X509Certificate[peer.length];
        for (int i = 0; i < peer.length; i++) {
            chain[i] = (X509Certificate) peer[i];
        }
        return principal(chain);
    }
}
