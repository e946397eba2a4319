package org.mdm.gridftp.client;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.HostnameCheckingTrust;
import org.mdm.security.gsi.Delegation;
import org.mdm.security.gsi.GsiContext;

/**
 * GSI login on a fresh control connection (PROTOCOLS.md "GridFTP"): the 220 greeting,
 * {@code AUTH GSSAPI}, ADAT tokens until the TLS handshake is done, the server's host name
 * checked against its certificate (Globus clients check {@code host@<URL host>}; JSSE does not
 * for a custom trust manager), the delegation flag ({@code D} then the signed proxy, or
 * {@code 0}), and {@code USER :globus-mapping:} / {@code PASS dummy} under ENC.
 */
final class GsiLogin {
    private static final int MAX_ROUNDS = 12;

    private final ControlChannel control;
    private final GridFtpUrl url;
    private final Duration timeout;

    GsiLogin(ControlChannel control, GridFtpUrl url, Duration timeout) {
        this.control = control;
        this.url = url;
        this.timeout = timeout;
    }

    /** Logs in with {@code credential}, delegating when {@code delegate}. */
    void login(SSLContext tls, GridCredential credential, boolean delegate) throws MdmException {
        Reply greeting = control.read(timeout);
        if (greeting.code() != 220) {
            throw ReplyFailures.refused(greeting, url, "the greeting");
        }
        expect(control.command("AUTH GSSAPI", timeout), 334, "AUTH GSSAPI");
        GsiContext gsi = GsiContext.initiator(tls, url.host(), url.port());
        Reply last = handshake(gsi);
        if (last == null || last.code() == 335) {
            last = sendFlag(gsi, credential, delegate);
        }
        expect(last, 235, "GSI authentication");
        control.protect(gsi);
        Reply user = control.command("USER :globus-mapping:", timeout);
        if (user.code() == 331) {
            user = control.command("PASS dummy", timeout);
        }
        expect(user, 230, "login (USER :globus-mapping:)");
    }

    /** ADAT rounds until both sides are done; the last reply, or null if none is pending. */
    private Reply handshake(GsiContext gsi) throws MdmException {
        byte[] token = gsi.step(null);
        Reply last = null;
        for (int round = 0; token.length > 0; round++) {
            if (round > MAX_ROUNDS) {
                throw new MdmException(Status.AUTHORIZATION_FAILURE, "The GSI handshake with " + url.authority()
                        + " does not converge after " + MAX_ROUNDS + " rounds.");
            }
            last = control.command("ADAT " + Base64.getEncoder().encodeToString(token), timeout);
            if (last.code() != 335) {
                return last; // 235 (done, no flag wanted) or a refusal
            }
            byte[] back = adatToken(last);
            if (gsi.isEstablished()) {
                gsi.unwrap(back); // TLS 1.3 NewSessionTicket: housekeeping only
                token = new byte[0];
            } else {
                token = gsi.step(back);
                if (gsi.isEstablished()) {
                    checkServer(gsi);
                }
            }
        }
        if (!gsi.isEstablished()) {
            throw new MdmException(Status.AUTHORIZATION_FAILURE, "The GSI handshake with " + url.authority()
                    + " stopped before it was complete.");
        }
        return last;
    }

    /** The flag byte; with {@code D}, the server's PKCS#10 request is signed with our proxy. */
    private Reply sendFlag(GsiContext gsi, GridCredential credential, boolean delegate) throws MdmException {
        byte[] flag = {(byte) (delegate ? 'D' : '0')};
        Reply r = control.command("ADAT " + Base64.getEncoder().encodeToString(gsi.wrap(flag)), timeout);
        if (delegate && r.code() == 335) {
            byte[] request = gsi.unwrap(adatToken(r));
            byte[] signed = Delegation.sign(request, credential);
            r = control.command("ADAT " + Base64.getEncoder().encodeToString(gsi.wrap(signed)), timeout);
        }
        return r;
    }

    /**
     * Checks that the server's certificate names the URL's host: SAN or CN as
     * {@link HostnameCheckingTrust#checkHost} does, or a Globus-style CN {@code host/<name>} or
     * {@code ftp/<name>} on a certificate without SAN.
     */
    private void checkServer(GsiContext gsi) throws MdmException {
        X509Certificate server = gsi.peerChain()[0];
        try {
            HostnameCheckingTrust.checkHost(server, url.host());
        } catch (CertificateException e) {
            if (!serviceCnNames(server, url.host())) {
                throw new MdmException(Status.AUTHORIZATION_FAILURE, "The GridFTP server " + url.authority()
                        + " is not who the URL names: " + e.getMessage() + " (certificate "
                        + GridTrust.dn(server) + "). Use the host name its certificate names.", e);
            }
        }
    }

    private static boolean serviceCnNames(X509Certificate cert, String host) {
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                return false;
            }
        } catch (java.security.cert.CertificateParsingException e) {
            return false;
        }
        String dn = cert.getSubjectX500Principal().getName();
        String h = host.toLowerCase(Locale.ROOT);
        return dn.toLowerCase(Locale.ROOT).matches("(?s)(^|.*,)cn=(host|ftp)/" + java.util.regex.Pattern.quote(h)
                + "(,.*|$)");
    }

    private byte[] adatToken(Reply r) throws MdmException {
        String text = r.lines().get(0).substring(3).trim();
        if (text.regionMatches(true, 0, "ADAT=", 0, 5)) {
            text = text.substring(5);
        }
        try {
            return Base64.getDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            throw new MdmException(Status.AUTHORIZATION_FAILURE, url.authority() + " sent a malformed ADAT token.", e);
        }
    }

    private void expect(Reply r, int code, String step) throws MdmException {
        if (r.code() != code) {
            throw ReplyFailures.refused(r, url, step);
        }
    }
}
