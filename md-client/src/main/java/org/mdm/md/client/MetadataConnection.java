package org.mdm.md.client;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.TlsContexts;

/**
 * One session with a metadata service (md-protocol): TLS with the caller's proxy, then commands
 * one at a time, their rows streamed to a {@link RowSink}. An error answer leaves the session
 * usable; a timeout, a cut answer (NAK), a broken connection or a sink that throws closes it
 * ({@link #isOpen()} then says false: open a new one). Safe for use by several threads, one
 * command at a time.
 */
public final class MetadataConnection implements AutoCloseable {
    /** The server's bound on a command line (md-protocol 4), the LF included. */
    public static final int MAX_COMMAND_BYTES = 64 * 1024;
    /** Longest row line accepted: a bound on what a broken server can make us hold. */
    static final int MAX_ROW_BYTES = 8 * 1024 * 1024;
    /** Rows {@link #execute(String)} holds at most; larger answers are for the streaming form. */
    public static final int MAX_LISTED_ROWS = 100_000;

    private final Socket plain;
    private final SSLSocket socket;
    private final String peer;
    private final long answerMs;
    private final DeadlineInput deadline;
    private final AnswerReader reader;
    private final OutputStream out;
    private volatile boolean open = true;
    private volatile boolean busy;

    private MetadataConnection(Socket plain, SSLSocket socket, String peer, long answerMs) throws IOException {
        this.plain = plain;
        this.socket = socket;
        this.peer = peer;
        this.answerMs = answerMs;
        this.deadline = new DeadlineInput(socket, socket.getInputStream());
        this.reader = new AnswerReader(new BufferedInputStream(deadline, 16 * 1024), peer, MAX_ROW_BYTES);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
    }

    /**
     * Connects to the metadata service at {@code host:port} as the holder of {@code proxy}.
     *
     * @param trust the CAs the server's certificate must chain to; its host name is checked too
     * @throws MdmException naming {@code host:port} and what went wrong: unreachable, not an MDM
     *         metadata service (with what it greeted), TLS refused, or too slow
     */
    public static MetadataConnection connect(String host, int port, GridCredential proxy, GridTrust trust,
            Timeouts timeouts) throws MdmException {
        return connect(host, port, TlsContexts.client(proxy, trust), timeouts);
    }

    /** As {@link #connect(String, int, GridCredential, GridTrust, Timeouts)} with a ready client context. */
    public static MetadataConnection connect(String host, int port, SSLContext tls, Timeouts timeouts)
            throws MdmException {
        String peer = host + ":" + port;
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, timeouts.connect().toMillis()));
            SSLSocket tlsSocket = new Handshake(plain, host, port).run(tls, login(), timeouts.answer().toMillis());
            return new MetadataConnection(plain, tlsSocket, peer, timeouts.answer().toMillis());
        } catch (MdmException e) {
            closeQuietly(plain);
            throw e;
        } catch (UnknownHostException e) {
            closeQuietly(plain);
            throw new MdmException(Status.CONFIGURATION_ERROR, "unknown host " + host + " (metadata service " + peer
                    + "): check the site's host name", e);
        } catch (SocketTimeoutException e) {
            closeQuietly(plain);
            throw new MdmException(Status.TIMEOUT, "cannot connect to the metadata service " + peer + " within "
                    + timeouts.connect().toMillis() + " ms (md.connect.timeout.ms)", e);
        } catch (IOException | RuntimeException e) {
            closeQuietly(plain);
            throw new MdmException(Status.PEER_UNAVAILABLE, "cannot connect to the metadata service " + peer + ": "
                    + MdmException.describe(e) + " (is it running? is host:port right?)", e);
        }
    }

    /** {@code host:port} of the server. */
    public String peer() {
        return peer;
    }

    /** False once closed, by {@link #close()} or by a failure that left the session out of step. */
    public boolean isOpen() {
        return open && !socket.isClosed();
    }

    /**
     * Runs {@code command} (one line: quote its words with {@link Quote}), each row of its answer
     * to {@code sink} as it arrives. The whole answer must come within the answer timeout.
     *
     * @throws MdmException the server's error (its code mapped to a {@link Status}, its message
     *         kept), a NAK after some rows (the rows already given were not the whole answer),
     *         a timeout, or a broken connection; or a command that cannot be sent
     */
    public synchronized void execute(String command, RowSink sink) throws MdmException {
        byte[] line = commandLine(command);
        if (!isOpen()) {
            throw new MdmException(Status.PEER_UNAVAILABLE, "the connection to the metadata service " + peer
                    + " is closed: connect again");
        }
        boolean inStep = false;
        busy = true;
        try {
            out.write(line);
            out.flush();
            deadline.within(answerMs);
            reader.answer(sink);
            inStep = true;
        } catch (MdmException e) {
            inStep = reader.complete();
            throw e;
        } catch (SocketTimeoutException e) {
            throw new MdmException(Status.TIMEOUT, peer + " gave no complete answer to " + verb(command) + " within "
                    + answerMs + " ms (md.timeout.ms); the connection is dropped", e);
        } catch (IOException e) {
            throw new MdmException(Status.PEER_UNAVAILABLE, "the connection to the metadata service " + peer
                    + " broke during " + verb(command) + ": " + MdmException.describe(e), e);
        } finally {
            busy = false;
            if (!inStep) {
                drop();
            }
        }
    }

    /**
     * Runs {@code command} and returns its rows: for small answers (at most
     * {@value #MAX_LISTED_ROWS} rows; use {@link #execute(String, RowSink)} for more).
     */
    public List<String> execute(String command) throws MdmException {
        List<String> rows = new ArrayList<>();
        try {
            execute(command, value -> {
                if (rows.size() >= MAX_LISTED_ROWS) {
                    throw new TooManyRows();
                }
                rows.add(value);
            });
        } catch (TooManyRows e) {
            throw new MdmException(Status.INVALID_REQUEST, "the answer of " + peer + " to " + verb(command)
                    + " has more than " + MAX_LISTED_ROWS + " rows: stream it (execute with a RowSink) or narrow it");
        }
        return rows;
    }

    /** Whether any of the last answer arrived: a command on a session the server had already closed gets none. */
    boolean lastAnswerBegan() {
        return reader.began();
    }

    /**
     * Closes the session (the server sees the connection end). Idempotent; from another thread it
     * ends a command waiting for its answer, which then fails.
     */
    @Override
    public void close() {
        open = false;
        if (busy) {
            // SSLSocket.close waits for a blocked reader; closing the socket beneath it wakes the reader.
            closeQuietly(plain);
        }
        closeQuietly(socket);
    }

    /** Ends a session that is out of step: no TLS goodbye, which a stalled peer would make us wait for. */
    private void drop() {
        open = false;
        closeQuietly(plain);
        closeQuietly(socket);
    }

    private static byte[] commandLine(String command) throws MdmException {
        if (command.isBlank()) {
            // The server answers nothing to a blank line: waiting for an answer would only time out.
            throw new MdmException(Status.INVALID_REQUEST, "empty metadata command");
        }
        if (command.indexOf('\n') >= 0 || command.indexOf('\r') >= 0) {
            throw new MdmException(Status.INVALID_REQUEST, "a metadata command is one line: it cannot hold a line"
                    + " break");
        }
        byte[] line = (command + "\n").getBytes(StandardCharsets.UTF_8);
        if (line.length > MAX_COMMAND_BYTES) {
            throw new MdmException(Status.INVALID_REQUEST, "a metadata command is at most " + MAX_COMMAND_BYTES
                    + " bytes; this one has " + line.length);
        }
        return line;
    }

    /** The command's first word, for messages (the rest may hold patient data). */
    static String verb(String command) {
        String trimmed = command.strip();
        int space = trimmed.indexOf(' ');
        return "'" + ServerErrors.printable(space < 0 ? trimmed : trimmed.substring(0, space)) + "'";
    }

    /** The context's login (key 0): the server ignores it, the proxy identifies us. */
    private static String login() {
        String user = System.getProperty("user.name", "mdm");
        String safe = user.replaceAll("[^A-Za-z0-9._@-]", "");
        return safe.isEmpty() ? "mdm" : safe;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Closing is best effort: the session is over either way.
        }
    }

    /** Stops a listing that outgrew its bound (caught right above). */
    private static final class TooManyRows extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooManyRows() {
            super(null, null, false, false);
        }
    }
}
