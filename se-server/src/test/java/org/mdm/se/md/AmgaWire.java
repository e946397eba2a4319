package org.mdm.se.md;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;
import org.mdm.security.TlsContexts;

/**
 * A client speaking AMGA's wire protocol byte for byte as mdclient.py does (greeting, {@code ssl}
 * upgrade of the same socket with a proxy, context, commands, EOT framing), kept raw so that tests
 * see exactly what the service sends.
 */
final class AmgaWire implements AutoCloseable {
    /** One answer: the status line, the rows, and the NAK line if the answer broke off. */
    record Answer(String status, List<String> rows, String nak) {
        boolean ok() {
            return status.equals("0") && nak == null;
        }

        int code() {
            return Integer.parseInt((nak != null ? nak : status).split(" ", 2)[0]);
        }
    }

    final List<String> greeting = new ArrayList<>();
    private final Socket raw;
    private SSLSocket tls;
    private InputStream in;
    private OutputStream out;

    private AmgaWire(Socket raw) throws IOException {
        this.raw = raw;
        this.in = raw.getInputStream();
        this.out = raw.getOutputStream();
        for (int i = 0; i < 3; i++) {
            greeting.add(line());
        }
    }

    /** Connected, greeted, nothing sent. */
    static AmgaWire greeted(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(30_000);
        return new AmgaWire(s);
    }

    /** A session of {@code proxy}'s holder, logged in over TLS. */
    static AmgaWire session(int port, Path proxy, GridTrust trust) throws Exception {
        AmgaWire w = greeted(port);
        w.send("ssl\n\n");
        String answer = w.line();
        if (!answer.equals("0")) {
            throw new IOException("ssl refused: " + answer);
        }
        SSLContext ctx = TlsContexts.client(Credentials.loadProxy(proxy), trust);
        w.tls = (SSLSocket) ctx.getSocketFactory().createSocket(w.raw, "localhost", port, true);
        SSLParameters p = w.tls.getSSLParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS");
        w.tls.setSSLParameters(p);
        w.tls.setUseClientMode(true);
        w.tls.startHandshake();
        w.in = w.tls.getInputStream();
        w.out = w.tls.getOutputStream();
        w.send("0 tester\n5 secret\n\n");
        return w;
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Sends one command and reads its whole answer. */
    Answer command(String line) throws IOException {
        send(line + "\n");
        return answer();
    }

    Answer answer() throws IOException {
        String status = line();
        List<String> rows = new ArrayList<>();
        while (true) {
            int b = in.read();
            if (b == 0x04) {
                if (in.read() != 0x04) {
                    throw new IOException("one EOT without its second");
                }
                return new Answer(status, rows, null);
            }
            if (b == MdAnswer.NAK) {
                return new Answer(status, rows, line());
            }
            if (b < 0) {
                throw new EOFException("the service closed the connection inside an answer");
            }
            rows.add(rest(b));
        }
    }

    /** Whether the service closed the connection (reads EOF). */
    boolean closedByService() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    String line() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the service closed the connection");
        }
        return rest(b);
    }

    private String rest(int first) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b = first;
        while (b != '\n') {
            if (b < 0) {
                throw new EOFException("the service closed the connection inside a line");
            }
            line.write(b);
            b = in.read();
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        if (tls != null) {
            tls.close();
        }
        raw.close();
    }
}
