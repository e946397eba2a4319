package org.mdm.se.gridftp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.SocketChannel;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.PrincipalExtractor;
import org.mdm.security.TlsContexts;

/**
 * Data-channel authentication, DCAU A (GFD.20): every data connection does a TLS handshake with
 * the credential the client delegated, the side that opened the TCP connection being the TLS
 * client, and each side checks that the other is the same user. Under PROT C the data then flows
 * in clear on the TCP socket (after a one-byte flag, '0', from the TLS client); under PROT P it
 * flows through TLS.
 */
final class DataSecurity {
    private final SSLContext asServer;
    private final SSLContext asClient;
    private final String userDn;
    private final boolean privacy;

    private DataSecurity(SSLContext asServer, SSLContext asClient, String userDn, boolean privacy) {
        this.asServer = asServer;
        this.asClient = asClient;
        this.userDn = userDn;
        this.privacy = privacy;
    }

    /**
     * For a session whose client delegated {@code delegated}.
     *
     * @throws MdmException AUTHORIZATION_FAILURE when there is no delegated credential to use
     */
    static DataSecurity of(GridCredential delegated, GridTrust trust, boolean privacy) throws MdmException {
        if (delegated == null) {
            throw new MdmException(Status.AUTHORIZATION_FAILURE, "DCAU A needs a delegated credential and this"
                    + " client did not delegate: reconnect delegating (globus-url-copy does by default), or send DCAU N.");
        }
        String dn = PrincipalExtractor.userDn(delegated.chain());
        return new DataSecurity(TlsContexts.server(delegated, trust), TlsContexts.client(delegated, trust), dn, privacy);
    }

    boolean privacy() {
        return privacy;
    }

    /**
     * Authenticates one data connection.
     *
     * @param weConnected true when this side opened the TCP connection (PORT), false (PASV)
     * @return the TLS socket: write through it under PROT P; under PROT C write in clear on the
     *         channel, but keep the socket reachable until the channel is closed (its finalizer
     *         would write a close_notify into the data)
     */
    SSLSocket secure(SocketChannel channel, boolean weConnected, int timeoutMillis) throws IOException {
        java.net.Socket tcp = channel.socket();
        SSLContext ctx = weConnected ? asClient : asServer;
        // No host name: no SNI is sent, and DCAU checks the peer's DN rather than a host name.
        SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(tcp,
                tcp.getInetAddress().getHostAddress(), tcp.getPort(), false);
        tls.setUseClientMode(weConnected);
        if (weConnected) {
            // Measured with globus-url-copy 10.12: as the TLS client on two or more parallel
            // data connections (PORT, MODE E), TLS 1.3 makes its gss_accept_sec_context fail
            // ("input token has an invalid length of: 0") while one connection works; TLS 1.2
            // works for any number. As TLS server (PASV) TLS 1.3 works.
            tls.setEnabledProtocols(new String[] {"TLSv1.2"});
        }
        if (!weConnected) {
            tls.setNeedClientAuth(true);
        }
        tls.setSoTimeout(timeoutMillis);
        tls.startHandshake();
        checkSameUser(tls);
        if (!privacy) {
            if (weConnected) {
                OutputStream out = tls.getOutputStream();
                out.write('0');
                out.flush();
            } else {
                InputStream in = tls.getInputStream();
                if (in.read() < 0) {
                    throw new SSLException("the data connection closed before its DCAU flag");
                }
            }
        }
        return tls;
    }

    private void checkSameUser(SSLSocket tls) throws IOException {
        java.security.cert.Certificate[] peer = tls.getSession().getPeerCertificates();
        X509Certificate[] chain = new X509Certificate[peer.length];
        for (int i = 0; i < peer.length; i++) {
            chain[i] = (X509Certificate) peer[i];
        }
        String dn;
        try {
            dn = PrincipalExtractor.userDn(chain);
        } catch (MdmException e) {
            throw new SSLException("data connection peer: " + e.getMessage(), e);
        }
        if (!dn.equals(userDn)) {
            throw new SSLException("data connection peer is " + dn + ", not the user of the control connection");
        }
    }
}
