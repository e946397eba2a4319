package org.mdm.md.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The part of a session before its first command (md-protocol 1-3): the greeting checked, the
 * {@code ssl} mode asked for, the same socket upgraded to TLS as client with the server's host
 * name checked, and the context sent. One deadline covers it all.
 */
final class Handshake {
    /** Greeting and mode-answer lines are short; a longer one is not our server. */
    private static final int MAX_GREETING_LINE = 1024;

    private final Socket plain;
    private final String host;
    private final int port;
    private final String peer;
    private final List<String> greeting = new ArrayList<>(3);

    Handshake(Socket plain, String host, int port) {
        this.plain = plain;
        this.host = host;
        this.port = port;
        this.peer = host + ":" + port;
    }

    /** Runs the whole exchange within {@code millis}; the socket is the caller's to close on failure. */
    SSLSocket run(SSLContext tls, String login, long millis) throws MdmException {
        DeadlineInput in = new DeadlineInput(plain, sourceOf(plain));
        in.within(millis);
        // Unbuffered: nothing past the mode answer may be read from the plain socket, it is TLS's.
        AnswerReader reader = new AnswerReader(in, peer, MAX_GREETING_LINE);
        try {
            readGreeting(reader);
            send(plain.getOutputStream(), "ssl\n\n");
            String answer = reader.line();
            if (!answer.equals("0")) {
                throw ServerErrors.of(peer, answer, false);
            }
            SSLSocket socket = upgrade(tls, in);
            send(socket.getOutputStream(), "0 " + login + "\n\n");
            return socket;
        } catch (SocketTimeoutException e) {
            throw new MdmException(Status.TIMEOUT, peer + " did not complete the metadata service's greeting and TLS"
                    + " handshake within " + millis + " ms" + sofar() + ": is it an MDM metadata service (md.port)?", e);
        } catch (SSLException e) {
            throw new MdmException(Status.AUTHORIZATION_FAILURE, "TLS with the metadata service " + peer + " failed: "
                    + MdmException.describe(e) + ". Check that its host certificate names " + host + ", that its CA"
                    + " is in grid.cert.dir, and that your proxy is valid (voms-proxy-init).", e);
        } catch (IOException e) {
            throw new MdmException(Status.PEER_UNAVAILABLE, "the metadata service " + peer + " failed before its first"
                    + " command" + sofar() + ": " + MdmException.describe(e), e);
        }
    }

    private void readGreeting(AnswerReader reader) throws IOException, MdmException {
        for (int i = 0; i < 3; i++) {
            greeting.add(reader.line());
            if (i == 0 && greeting.get(0).matches("\\d+ .*")) {
                // A service that cannot take us (too many sessions) says so instead of greeting.
                throw ServerErrors.of(peer, greeting.get(0), false);
            }
        }
        boolean protocol3 = greeting.get(1).trim().equals("Protocol 3");
        boolean ssl = List.of(greeting.get(2).trim().split("[ ,]+")).contains("ssl");
        if (!protocol3 || !ssl) {
            throw new MdmException(Status.NOT_SUPPORTED, peer + " is not an MDM metadata service speaking AMGA"
                    + " protocol 3 with ssl: it greeted" + quoted() + ", where 'Protocol 3' then 'ssl' were expected."
                    + " Check the site's host:port (md.site.<name>, md.port).");
        }
    }

    private SSLSocket upgrade(SSLContext tls, DeadlineInput in) throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, host, port, true);
        socket.setUseClientMode(true);
        SSLParameters params = socket.getSSLParameters();
        // Makes TlsContexts.client's HostnameCheckingTrust check the server's host name.
        params.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(params);
        long leftMs = Math.max(1, in.millisLeft());
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMs));
        socket.startHandshake();
        return socket;
    }

    private static java.io.InputStream sourceOf(Socket s) throws MdmException {
        try {
            return s.getInputStream();
        } catch (IOException e) {
            throw new MdmException(Status.PEER_UNAVAILABLE, "cannot read from " + s.getRemoteSocketAddress() + ": "
                    + MdmException.describe(e), e);
        }
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private String sofar() {
        return greeting.isEmpty() ? " (it sent nothing)" : " (it sent" + quoted() + ")";
    }

    private String quoted() {
        StringBuilder s = new StringBuilder();
        for (String line : greeting) {
            s.append(" '").append(ServerErrors.printable(line)).append('\'');
        }
        return s.toString();
    }
}
