package org.mdm.gridftp.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.gsi.GsiContext;

/**
 * The control connection: lines in clear until the GSI context is set, then every command sent
 * as {@code ENC <base64>} (privacy, as globus-url-copy) and every {@code 632}/{@code 631} reply
 * line opened. A wrapped line may hold one reply line or a whole multi-line reply (servers
 * differ), so opened text is split into lines and the reply ends at RFC 959's {@code "ddd "}
 * line. Every read has a deadline. Failures name the server ({@code host:port}).
 */
final class ControlChannel implements AutoCloseable {
    /** ADAT replies carry a few kilobytes of base64; anything far longer is not an FTP server. */
    private static final int MAX_LINE = 256 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String server;
    private static final int POLL_MILLIS = 1000;

    private final Deque<String> opened = new ArrayDeque<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(128);
    private GsiContext gsi;

    private ControlChannel(Socket socket, String server) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.server = server;
    }

    /**
     * Connects to {@code url}'s server.
     *
     * @throws MdmException PEER_UNAVAILABLE naming host:port when it cannot be reached in time
     */
    static ControlChannel connect(GridFtpUrl url, Duration timeout) throws MdmException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(url.host(), url.port()), (int) timeout.toMillis());
            s.setTcpNoDelay(true);
            return new ControlChannel(s, url.authority());
        } catch (IOException e) {
            closeQuietly(s);
            throw new MdmException(Status.PEER_UNAVAILABLE, "Cannot connect to the GridFTP server " + url.authority()
                    + ": " + MdmException.describe(e) + ". Check the host and port, and that the server runs.", e);
        }
    }

    /** {@code host:port} of the server, for messages. */
    String server() {
        return server;
    }

    Socket socket() {
        return socket;
    }

    /** From now on commands are wrapped in ENC and wrapped replies opened with {@code context}. */
    void protect(GsiContext context) {
        this.gsi = context;
    }

    /** Sends {@code line} (wrapped once protected) and reads the reply within {@code timeout}. */
    Reply command(String line, Duration timeout) throws MdmException {
        send(line);
        return read(timeout);
    }

    /** Sends one command, wrapped in ENC once the GSI context is set. */
    void send(String line) throws MdmException {
        if (gsi == null) {
            writeRaw(line);
            return;
        }
        byte[] token = gsi.wrap((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        writeRaw("ENC " + Base64.getEncoder().encodeToString(token));
    }

    /** Writes a line in clear (AUTH, ADAT), CRLF added. */
    void writeRaw(String line) throws MdmException {
        try {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /**
     * The next complete reply within {@code timeout}.
     *
     * @throws MdmException PEER_UNAVAILABLE if the server closes the connection, TIMEOUT if it is
     *                      silent too long, IO_ERROR if it does not speak FTP
     */
    Reply read(Duration timeout) throws MdmException {
        return read(timeout, () -> false);
    }

    /**
     * As {@link #read(Duration)}, looking at {@code cancelled} every second while waiting.
     *
     * @throws MdmException CANCELLED as soon as {@code cancelled} says so (nothing is lost: a
     *                      partly read line is kept for the next read)
     */
    Reply read(Duration timeout, BooleanSupplier cancelled) throws MdmException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lines = new ArrayList<>();
        int code = -1;
        while (true) {
            String line = nextLine(deadline, timeout, cancelled);
            if (lines.isEmpty()) {
                code = codeOf(line);
            }
            lines.add(line);
            if (line.length() >= 4 && line.charAt(3) == ' ' && line.startsWith(String.valueOf(code))) {
                opened.clear(); // nothing may follow a reply's last line in the same token
                return new Reply(code, lines);
            }
        }
    }

    private String nextLine(long deadline, Duration timeout, BooleanSupplier cancelled) throws MdmException {
        while (opened.isEmpty()) {
            String raw = readRawLine(deadline, timeout, cancelled);
            if (gsi != null && raw.length() >= 4 && raw.matches("63[123][ -].*")) {
                byte[] plain = gsi.unwrap(Base64.getDecoder().decode(raw.substring(4).trim()));
                for (String l : new String(plain, StandardCharsets.UTF_8).split("\r?\n")) {
                    opened.add(l);
                }
            } else {
                return raw;
            }
        }
        return opened.poll();
    }

    private int codeOf(String line) throws MdmException {
        if (line.length() < 3 || !line.substring(0, 3).chars().allMatch(Character::isDigit)) {
            throw new MdmException(Status.IO_ERROR, server + " does not speak FTP: it sent '"
                    + (line.length() > 80 ? line.substring(0, 80) + "..." : line) + "'. Check the port.");
        }
        return Integer.parseInt(line.substring(0, 3));
    }

    /** A raw line without its CRLF. */
    String readRawLine(Duration timeout) throws MdmException {
        return readRawLine(System.nanoTime() + timeout.toNanos(), timeout, () -> false);
    }

    private String readRawLine(long deadline, Duration timeout, BooleanSupplier cancelled) throws MdmException {
        try {
            while (true) {
                long left = (deadline - System.nanoTime()) / 1_000_000L;
                if (left <= 0) {
                    throw new MdmException(Status.TIMEOUT, "The GridFTP server " + server + " did not answer within "
                            + timeout.toSeconds() + " s. Try again later, or raise the timeout.");
                }
                socket.setSoTimeout((int) Math.max(1, Math.min(left, POLL_MILLIS)));
                try {
                    String line = readLineInto();
                    if (line != null) {
                        return line;
                    }
                } catch (SocketTimeoutException e) {
                    if (cancelled.getAsBoolean()) {
                        throw new MdmException(Status.CANCELLED, "Cancelled while waiting for " + server + ".");
                    }
                }
            }
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /** Reads into the pending line; the line once CRLF came (a timeout keeps what was read). */
    private String readLineInto() throws IOException, MdmException {
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\n') {
                String s = pending.toString(StandardCharsets.UTF_8);
                pending.reset();
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            if (pending.size() >= MAX_LINE) {
                throw new MdmException(Status.IO_ERROR, server + " sent a reply line longer than " + MAX_LINE
                        + " bytes: it is not a GridFTP server.");
            }
            pending.write(b);
        }
        throw new EOFException();
    }

    private MdmException lost(IOException e) {
        return new MdmException(Status.PEER_UNAVAILABLE, "Lost the control connection to the GridFTP server "
                + server + ": " + MdmException.describe(e) + ". Try again later.", e);
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (Exception ignored) {
            // closing what is broken already: nothing more to do
        }
    }
}
