package org.mdm.security.jetty;

import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty settings every grid HTTPS server of ours shares (the key server, the SRM door): the TLS
 * factory over grid-security's context and the HTTP configuration that exposes the client's
 * certificate chain to handlers.
 */
public final class GridJetty {

    private GridJetty() {
    }

    /** A server TLS factory on {@code tls} (host credential, GridTrust) requiring a client certificate. */
    public static SslContextFactory.Server tlsFactory(SSLContext tls) {
        SslContextFactory.Server f = new SslContextFactory.Server();
        f.setSslContext(tls);
        f.setNeedClientAuth(true);
        // TLS 1.2 on purpose: under TLS 1.3 the client finishes its handshake before the server
        // checks the client certificate, so a refused proxy would look like a server hanging up.
        // Under 1.2 the refusal happens inside the handshake and the client sees a handshake
        // failure; gfal2's CGSI client is also touchy about 1.3 session tickets (PROTOCOLS.md).
        f.setIncludeProtocols("TLSv1.2");
        // Client-initiated renegotiation is a handshake an authenticated client could repeat forever.
        f.setRenegotiationAllowed(false);
        return f;
    }

    /** HTTP settings: no version banners, the TLS session (peer chain) visible to handlers. */
    public static HttpConfiguration httpConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        // Clients name servers by URL host; the certificate check is the client's (HostnameCheckingTrust),
        // and the door's JVM may switch SNI off (GridFtpDoor.prepareJsse).
        secure.setSniHostCheck(false);
        secure.setSniRequired(false);
        http.addCustomizer(secure);
        return http;
    }
}
