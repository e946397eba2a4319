package org.mdm.security;

import java.io.IOException;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManager;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * TLS contexts for grid servers and clients: our credential as the only key, {@link GridTrust}
 * (proxy-aware, CA directory) as the only trust. Servers made with {@link #serverSocket} or
 * {@link #serverEngine} require a client certificate, since every grid request has a caller.
 * Client contexts wrap the trust in {@link HostnameCheckingTrust}, so a client that asks for
 * endpoint identification ({@code SSLParameters#setEndpointIdentificationAlgorithm("HTTPS")};
 * {@code java.net.http.HttpClient} does by default) gets the server host-name check that
 * GridTrust leaves out and that JSSE does not add for a custom trust manager.
 *
 * <p>JSSE defaults are kept on purpose (TLS 1.3 with session tickets): Globus clients wait for
 * the server's NewSessionTicket (see PROTOCOLS.md), and pinning a protocol is the door's call.
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    /** A server context: the host credential, peers checked by {@code trust}. */
    public static SSLContext server(GridCredential host, GridTrust trust) throws MdmException {
        return context(host, trust);
    }

    /**
     * A client context: the user's proxy (or certificate), servers checked by {@code trust} and,
     * when the engine or socket asks for endpoint identification, by host name
     * ({@link HostnameCheckingTrust}).
     */
    public static SSLContext client(GridCredential user, GridTrust trust) throws MdmException {
        return context(user, new HostnameCheckingTrust(trust));
    }

    private static SSLContext context(GridCredential credential, TrustManager trust) throws MdmException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new KeyManager[] {new CredentialKeyManager(credential)}, new TrustManager[] {trust},
                    new SecureRandom());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new MdmException(Status.INTERNAL_ERROR, "cannot create a TLS context for "
                    + GridTrust.dn(credential.certificate()) + ": " + e.getMessage(), e);
        }
    }

    /** A listening server socket on {@code address:port} (port 0: any) requiring client certificates. */
    public static SSLServerSocket serverSocket(SSLContext server, InetAddress address, int port)
            throws MdmException {
        try {
            SSLServerSocket s = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(port, 50, address);
            s.setNeedClientAuth(true);
            return s;
        } catch (IOException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "cannot listen on " + address + ":" + port
                    + ": " + e.getMessage() + " (is the port in use?)", e);
        }
    }

    /** A server-side engine requiring a client certificate (for non-blocking doors and GSI). */
    public static SSLEngine serverEngine(SSLContext server) {
        SSLEngine e = server.createSSLEngine();
        e.setUseClientMode(false);
        e.setNeedClientAuth(true);
        return e;
    }

    /** A client-side engine for {@code host:port}. */
    public static SSLEngine clientEngine(SSLContext client, String host, int port) {
        SSLEngine e = client.createSSLEngine(host, port);
        e.setUseClientMode(true);
        return e;
    }
}
