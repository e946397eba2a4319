package org.mdm.se.gridftp;

import java.security.cert.X509Certificate;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import org.mdm.api.MdmException;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.gsi.Delegation;
import org.mdm.security.gsi.DelegationKeys;
import org.mdm.security.gsi.GsiContext;

/**
 * The server side of GSI authentication over ADAT (RFC 2228, GSI as Globus speaks it; see
 * PROTOCOLS.md): TLS records travel base64-encoded in ADAT commands until the handshake is done,
 * then the client's flag byte says whether it delegates ('D': we send a PKCS#10 request and get
 * the signed proxy back) or not ('0').
 */
final class GsiLogin {
    private final GsiContext context;
    private final GridTrust trust;
    private Delegation delegation;
    private boolean flagSeen;
    private boolean done;
    private GridCredential delegated;

    private final DelegationKeys keys;

    GsiLogin(SSLContext host, GridTrust trust, DelegationKeys keys) throws MdmException {
        this.context = GsiContext.acceptor(host);
        this.trust = trust;
        this.keys = keys;
    }

    /**
     * Takes one ADAT argument and answers it: 335 with our token while the exchange goes on,
     * 235 once done.
     *
     * @throws MdmException AUTHORIZATION_FAILURE when the peer's credential is refused or the
     *                      token is not what GSI sends
     */
    Reply adat(String argument) throws MdmException {
        byte[] token;
        try {
            token = Base64.getDecoder().decode(argument.trim());
        } catch (IllegalArgumentException e) {
            throw new MdmException(org.mdm.api.Status.INVALID_REQUEST, "ADAT: the token is not base64.");
        }
        byte[] app;
        if (!context.isEstablished()) {
            byte[] back = context.step(token);
            app = context.isEstablished() ? context.takeApplicationData() : new byte[0];
            if (app.length == 0) {
                return Reply.of(335, "ADAT=" + Base64.getEncoder().encodeToString(back));
            }
        } else {
            app = context.unwrap(token);
            if (app.length == 0) {
                return Reply.of(335, "ADAT=");
            }
        }
        if (!flagSeen) {
            flagSeen = true;
            if (app[0] == 'D') {
                delegation = keys.next();
                return Reply.of(335, "ADAT=" + Base64.getEncoder().encodeToString(context.wrap(delegation.request())));
            }
            done = true;
            return Reply.of(235, "GSSAPI Authentication successful.");
        }
        if (delegation == null || delegated != null) {
            throw new MdmException(org.mdm.api.Status.INVALID_REQUEST, "ADAT after authentication completed.");
        }
        delegated = delegation.accept(app, context.peerChain(), trust);
        done = true;
        return Reply.of(235, "GSSAPI Authentication successful.");
    }

    boolean isDone() {
        return done;
    }

    GsiContext context() {
        return context;
    }

    X509Certificate[] peerChain() throws MdmException {
        return context.peerChain();
    }

    /** The proxy the client delegated, or null when it did not delegate. */
    GridCredential delegated() {
        return delegated;
    }
}
