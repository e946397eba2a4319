package org.mdm.hydra.keyserver;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import org.mdm.security.GridTrust;

/**
 * GridTrust plus the server host-name check. JSSE leaves endpoint identification to an
 * {@link X509ExtendedTrustManager}, and GridTrust (one) checks the chain only, so with it alone
 * any certificate from a trusted CA would pass for any key server. This checks that the server
 * certificate names the host we connected to: SAN dNSName (a leading "*." matches one label) or
 * iPAddress; the CN only when the certificate has no SAN at all.
 */
final class HostCheckingTrust extends X509ExtendedTrustManager {
    private static final int SAN_DNS = 2;
    private static final int SAN_IP = 7;
    private final GridTrust trust;

    HostCheckingTrust(GridTrust trust) {
        this.trust = trust;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        trust.validate(chain);
        checkHost(chain[0], engine == null ? null : engine.getPeerHost());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        trust.validate(chain);
        String host = socket instanceof SSLSocket s ? s.getHandshakeSession().getPeerHost() : null;
        checkHost(chain[0], host);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("key server certificate check needs the host name: use an SSLEngine or SSLSocket");
    }

    static void checkHost(X509Certificate cert, String host) throws CertificateException {
        if (host == null || host.isEmpty()) {
            throw new CertificateException("no host name to check the key server certificate against");
        }
        String h = host.toLowerCase(Locale.ROOT);
        Collection<List<?>> sans;
        try {
            sans = cert.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            throw new CertificateException("unreadable subject alternative names in the key server certificate", e);
        }
        if (sans != null && !sans.isEmpty()) {
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                String value = String.valueOf(san.get(1)).toLowerCase(Locale.ROOT);
                if ((type == SAN_DNS && dnsMatches(value, h)) || (type == SAN_IP && value.equals(h))) {
                    return;
                }
            }
            throw new CertificateException("key server certificate does not name host " + host + " (SAN: " + sans + ")");
        }
        String cn = commonName(cert);
        if (cn == null || !dnsMatches(cn.toLowerCase(Locale.ROOT), h)) {
            throw new CertificateException("key server certificate CN " + cn + " does not name host " + host);
        }
    }

    private static boolean dnsMatches(String pattern, String host) {
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
