package org.mdm.se.gridftp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.mdm.api.MdmException;
import org.mdm.security.gsi.GsiContext;

/**
 * The control connection: reads command lines (bounded, so a client cannot grow our memory) and
 * writes replies. Once GSI is established, commands arrive as {@code ENC} (privacy) or
 * {@code MIC} (integrity) and each reply line is wrapped and sent as {@code 632} or {@code 631}
 * (RFC 2228), matching the protection the client last used.
 */
final class ControlChannel implements Closeable {
    /** Longest line accepted: an ADAT with a long proxy chain is ~6 KB of base64. */
    static final int MAX_LINE = 64 * 1024;

    /** A line that is too long, or a wrapped command we cannot open. */
    static final class BadLine extends Exception {
        private final transient Reply reply;

        BadLine(Reply reply) {
            super(reply.lines().get(0));
            this.reply = reply;
        }

        Reply reply() {
            return reply;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private volatile GsiContext gsi;
    private volatile int wrapCode = 632;

    ControlChannel(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        this.out = socket.getOutputStream();
    }

    Socket socket() {
        return socket;
    }

    /** From now on every command must be protected and every reply is wrapped. */
    void protect(GsiContext context) {
        this.gsi = context;
    }

    boolean isProtected() {
        return gsi != null;
    }

    /**
     * The next command, opened if it was wrapped; null at end of stream.
     *
     * @throws BadLine a line over {@link #MAX_LINE}, or a protected command that cannot be opened
     *                 or was sent in clear on a protected channel
     */
    Command read() throws IOException, BadLine {
        String line = readLine();
        if (line == null) {
            return null;
        }
        Command raw = Command.parse(line);
        GsiContext ctx = gsi;
        boolean wrapped = raw.is("ENC") || raw.is("MIC") || raw.is("CONF");
        if (ctx == null) {
            if (wrapped) {
                throw new BadLine(Reply.of(503, raw.verb() + " needs a security context: AUTH GSSAPI first."));
            }
            return raw;
        }
        if (!wrapped) {
            throw new BadLine(Reply.of(533, raw.verb() + " must be protected: send it wrapped in ENC or MIC."));
        }
        if (raw.is("CONF")) {
            throw new BadLine(Reply.of(537, "CONF is not supported: use ENC or MIC."));
        }
        wrapCode = raw.is("ENC") ? 632 : 631;
        try {
            byte[] plain;
            synchronized (ctx) {
                plain = ctx.unwrap(Base64.getDecoder().decode(raw.argument().trim()));
            }
            String text = new String(plain, StandardCharsets.US_ASCII);
            return Command.parse(text.strip());
        } catch (IllegalArgumentException | MdmException e) {
            throw new BadLine(Reply.of(535, "The protected command could not be opened: " + e.getMessage()));
        }
    }

    /** Sends a reply, wrapped line by line once the channel is protected. */
    synchronized void send(Reply reply) throws IOException {
        StringBuilder wire = new StringBuilder();
        GsiContext ctx = gsi;
        for (String line : reply.formatted()) {
            if (ctx == null) {
                wire.append(line).append("\r\n");
            } else {
                boolean last = line.startsWith(reply.code() + " ");
                wire.append(wrapCode).append(last ? ' ' : '-').append(wrap(ctx, line + "\r\n")).append("\r\n");
            }
        }
        out.write(wire.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String wrap(GsiContext ctx, String line) throws IOException {
        try {
            synchronized (ctx) {
                return Base64.getEncoder().encodeToString(ctx.wrap(line.getBytes(StandardCharsets.UTF_8)));
            }
        } catch (MdmException e) {
            throw new IOException("cannot wrap a reply: " + e.getMessage(), e);
        }
    }

    private String readLine() throws IOException, BadLine {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_LINE) {
                skipLine();
                throw new BadLine(Reply.of(500, "Command line longer than " + MAX_LINE + " bytes: refused."));
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    private void skipLine() throws IOException {
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\n') {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
