package org.mdm.gridftp.client;

import java.net.InetSocketAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.gridftp.client.ClientSettings.DataAuthentication;
import org.mdm.security.GridCredential;
import org.mdm.security.PrincipalExtractor;

/**
 * The transfer parameters of a session (TYPE, DCAU, MODE, parallelism, PBSZ/PROT), sent only
 * when they change since FTP keeps them between transfers, and PASV for each download.
 */
final class TransferSetup implements Download.Session {
    private static final Pattern PASV = Pattern.compile("\\((\\d+),(\\d+),(\\d+),(\\d+),(\\d+),(\\d+)\\)");

    private final ControlChannel control;
    private final GridFtpUrl server;
    private final ClientSettings settings;
    private final Features features;
    private final SSLContext tls;
    private final String userDn;
    private DataAuthentication dcau = DataAuthentication.NONE;
    private int parallelism = -1;
    private boolean privacy;
    private boolean pbszSent;

    TransferSetup(ControlChannel control, GridFtpUrl server, ClientSettings settings, Features features,
            SSLContext tls, GridCredential credential) throws MdmException {
        this.control = control;
        this.server = server;
        this.settings = settings;
        this.features = features;
        this.tls = tls;
        this.userDn = PrincipalExtractor.userDn(credential.chain());
    }

    /**
     * TYPE I, and DCAU as asked when the server offers DCAU (a server without it has no data
     * authentication to offer, and the data connections are plain TCP).
     */
    void begin() throws MdmException {
        expect(control.command("TYPE I", settings.replyTimeout()), "TYPE I");
        if (features.has("DCAU")) {
            boolean self = settings.dcau() == DataAuthentication.SELF;
            expect(control.command(self ? "DCAU A" : "DCAU N", settings.replyTimeout()), self ? "DCAU A" : "DCAU N");
            dcau = settings.dcau();
        }
    }

    /** MODE, OPTS RETR Parallelism and PROT for {@code options}, as far as they changed. */
    void prepare(TransferOptions options, String what) throws MdmException {
        if (options.privacy() && dcau != DataAuthentication.SELF) {
            throw new MdmException(Status.INVALID_REQUEST, what + ": data privacy (PROT P) needs DCAU A, which this"
                    + " session does not use" + (features.has("DCAU") ? "." : " (the server does not offer DCAU)."));
        }
        if (options.parallelism() != parallelism) {
            boolean extended = options.extendedMode();
            expect(control.command(extended ? "MODE E" : "MODE S", settings.replyTimeout()), extended ? "MODE E" : "MODE S");
            if (extended) {
                int n = options.parallelism();
                expect(control.command("OPTS RETR Parallelism=" + n + "," + n + "," + n + ";", settings.replyTimeout()),
                        "OPTS RETR Parallelism");
            }
            parallelism = options.parallelism();
        }
        if (options.privacy() != privacy) {
            if (!pbszSent) {
                expect(control.command("PBSZ 1048576", settings.replyTimeout()), "PBSZ");
                pbszSent = true;
            }
            expect(control.command(options.privacy() ? "PROT P" : "PROT C", settings.replyTimeout()), "PROT");
            privacy = options.privacy();
        }
    }

    DataAuthentication dcau() {
        return dcau;
    }

    @Override
    public ControlChannel control() {
        return control;
    }

    @Override
    public ClientSettings settings() {
        return settings;
    }

    @Override
    public DataAuthenticator authenticator(boolean withPrivacy) {
        return dcau == DataAuthentication.SELF ? new DataAuthenticator(tls, userDn, withPrivacy) : null;
    }

    /**
     * PASV: the address the server listens on. An unroutable answer (0.0.0.0) is replaced by the
     * control connection's peer address.
     */
    @Override
    public InetSocketAddress passive() throws MdmException {
        Reply r = control.command("PASV", settings.replyTimeout());
        if (r.code() != 227) {
            throw ReplyFailures.refused(r, server, "PASV");
        }
        Matcher m = PASV.matcher(r.text());
        if (!m.find()) {
            throw new MdmException(Status.IO_ERROR, server.authority() + " answered PASV without an address: " + r);
        }
        String host = m.group(1) + "." + m.group(2) + "." + m.group(3) + "." + m.group(4);
        if (host.equals("0.0.0.0")) {
            host = control.socket().getInetAddress().getHostAddress();
        }
        int port = Integer.parseInt(m.group(5)) * 256 + Integer.parseInt(m.group(6));
        return new InetSocketAddress(host, port);
    }

    private void expect(Reply r, String what) throws MdmException {
        if (!r.ok()) {
            throw ReplyFailures.refused(r, server, what);
        }
    }
}
