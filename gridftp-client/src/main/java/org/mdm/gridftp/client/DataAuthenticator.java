package org.mdm.gridftp.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.mdm.api.MdmException;
import org.mdm.security.PrincipalExtractor;

/**
 * DCAU A on the client's data connections (GFD.20; PROTOCOLS.md "GSI on the JDK's SSLEngine"):
 * the side that opened the TCP connection is the TLS client; we use our own proxy, the server
 * the proxy we delegated, so its end-entity DN must be ours ("self"). Under PROT C the TLS client
 * then sends the flag {@code 0} and the data comes raw over TCP; under PROT P it comes through
 * TLS.
 *
 * <p>TLS 1.2 is pinned: a TLS 1.3 server sends a NewSessionTicket after the handshake, which
 * under PROT C would land in the raw data stream, and Globus acceptors fail TLS 1.3 from a
 * client on two or more parallel data connections (measured by the door, see DataSecurity).
 * As TLS server we also need JSSE's server-side SNI off ({@link GridFtpClient#prepareJsse()}):
 * Globus sends the user's CN, spaces and all, as SNI on data connections.
 */
final class DataAuthenticator {
    private final SSLContext tls;
    private final String userDn;
    private final boolean privacy;

    DataAuthenticator(SSLContext tls, String userDn, boolean privacy) {
        this.tls = tls;
        this.userDn = userDn;
        this.privacy = privacy;
    }

    boolean privacy() {
        return privacy;
    }

    /**
     * Handshakes on {@code tcp} within {@code timeoutMillis}: as TLS client when we opened the
     * TCP connection (PASV), else as TLS server requiring the peer's certificate (PORT, MODE E).
     * Under PROT C the TLS client then sends the flag {@code 0}, which the TLS server reads.
     *
     * @return the TLS socket (keep it until the data is read)
     */
    SSLSocket secure(Socket tcp, int timeoutMillis, boolean weConnected) throws IOException {
        // No host name: no SNI, and DCAU checks the peer's DN rather than a host name.
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(tcp, tcp.getInetAddress().getHostAddress(),
                tcp.getPort(), false);
        s.setUseClientMode(weConnected);
        if (!weConnected) {
            s.setNeedClientAuth(true);
        }
        s.setEnabledProtocols(new String[] {"TLSv1.2"});
        s.setSoTimeout(timeoutMillis);
        s.startHandshake();
        checkSameUser(s);
        if (!privacy && weConnected) {
            OutputStream out = s.getOutputStream();
            out.write('0');
            out.flush();
        } else if (!privacy && s.getInputStream().read() < 0) {
            throw new SSLException("the data connection closed before its DCAU flag");
        }
        return s;
    }

    private void checkSameUser(SSLSocket s) throws IOException {
        Certificate[] peer = s.getSession().getPeerCertificates();
        X509Certificate[] chain = Arrays.copyOf(peer, peer.length, X509Certificate[].class);
        String dn;
        try {
            dn = PrincipalExtractor.userDn(chain);
        } catch (MdmException e) {
            throw new SSLException("data connection peer: " + e.getMessage(), e);
        }
        if (!dn.equals(userDn)) {
            throw new SSLException("the data connection's peer is " + dn + ", not " + userDn
                    + " (DCAU A needs the server to use the proxy we delegated)");
        }
    }
}
