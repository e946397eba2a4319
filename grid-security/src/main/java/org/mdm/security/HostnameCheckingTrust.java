package org.mdm.security;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * {@link GridTrust} plus the client-side server host-name check, as {@link TlsContexts#client}
 * installs it.
 *
 * <p>JSSE leaves endpoint identification to an {@link X509ExtendedTrustManager}: setting
 * {@code SSLParameters#setEndpointIdentificationAlgorithm("HTTPS")} does nothing by itself when
 * the trust manager is a custom one like GridTrust, which checks the chain only. So, when the
 * {@link SSLEngine} or {@link SSLSocket} asks for endpoint identification (any algorithm:
 * {@code java.net.http.HttpClient} asks for {@code HTTPS} by default), this checks that the
 * server certificate names the peer host we connected to: a SAN dNSName (a leading {@code *.}
 * matches exactly one label) or iPAddress; the subject CN only when the certificate has no SAN
 * at all. Without endpoint identification (e.g. GSI transports that connect by address) only
 * the chain is checked, as JSSE's own trust manager does. Client chains are checked by
 * GridTrust alone.
 */
public final class HostnameCheckingTrust extends X509ExtendedTrustManager {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private final GridTrust trust;

    /** Wraps {@code trust} (not closed by this wrapper). */
    public HostnameCheckingTrust(GridTrust trust) {
        this.trust = Objects.requireNonNull(trust, "trust");
    }

    /** The wrapped chain check. */
    public GridTrust trust() {
        return trust;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        trust.validate(chain);
        if (engine != null && identifies(engine.getSSLParameters().getEndpointIdentificationAlgorithm())) {
            SSLSession hs = engine.getHandshakeSession();
            String host = hs != null && hs.getPeerHost() != null ? hs.getPeerHost() : engine.getPeerHost();
            checkHost(chain[0], host);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        trust.validate(chain);
        if (socket instanceof SSLSocket s && identifies(s.getSSLParameters().getEndpointIdentificationAlgorithm())) {
            SSLSession hs = s.getHandshakeSession();
            String host = hs != null ? hs.getPeerHost() : null;
            if (host == null && s.getInetAddress() != null) {
                host = s.getInetAddress().getHostAddress();
            }
            checkHost(chain[0], host);
        }
    }

    /** No engine or socket: nothing asks for endpoint identification, so the chain only. */
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trust.validate(chain);
    }

    private static boolean identifies(String algorithm) {
        return algorithm != null && !algorithm.isEmpty();
    }

    /**
     * Checks that {@code cert} names {@code host}: SAN dNSName (wildcard for one leading label)
     * or iPAddress, the CN only without any SAN.
     *
     * @throws CertificateException if it does not, or if there is no host to check against
     */
    public static void checkHost(X509Certificate cert, String host) throws CertificateException {
        if (host == null || host.isEmpty()) {
            throw new CertificateException("no host name to check the server certificate against");
        }
        String h = host.toLowerCase(Locale.ROOT);
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new CertificateException("unreadable subject alternative names in the server certificate", e);
        }
        if (sans != null && !sans.isEmpty()) {
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
                if ((type == SAN_DNS && dnsMatches(value, h)) || (type == SAN_IP && value.equals(h))) {
                    return;
                }
            }
            throw new CertificateException("server certificate does not name host " + host + " (SAN: " + sans + ")");
        }
        String cn = commonName(cert);
        if (cn == null || !dnsMatches(cn.toLowerCase(Locale.ROOT), h)) {
            throw new CertificateException("server certificate CN " + cn + " does not name host " + host);
        }
    }

    static boolean dnsMatches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot).equals(pattern.substring(1));
        }
        return pattern.equals(host);
    }

    private static String commonName(X509Certificate cert) {
        try {
            List<Rdn> rdns = new LdapName(cert.getSubjectX500Principal().getName()).getRdns();
            for (int i = rdns.size() - 1; i >= 0; i--) {
                if ("CN".equalsIgnoreCase(rdns.get(i).getType())) {
                    return String.valueOf(rdns.get(i).getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        trust.validate(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        trust.validate(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        trust.validate(chain);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return trust.getAcceptedIssuers();
    }
}
