package org.mdm.se.md;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.se.AccessLog;
import org.mdm.security.admission.LoginSlot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of the metadata service, from the greeting to the end: AMGA's handshake (greeting,
 * {@code ssl} answered and upgraded on the same socket, proxy checked; {@code plain} refused),
 * the context, then one command a line until the client leaves, idles past the bound, or an
 * answer fails after it began.
 */
final class MdSession implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(MdSession.class);
    static final String GREETING = "MDM metadata service " + MdSession.class.getPackage().getImplementationVersion()
            + " (AMGA protocol)\nProtocol 3\nssl\n";
    private static final int MAX_CONTEXT_LINES = 32;
    private static final int MAX_LINE = 64 * 1024;

    private final Socket raw;
    private final MdSettings settings;
    private final LoginSlot slot;
    private final MdCommands commands;
    private final ScheduledExecutorService watchdog;

    MdSession(Socket raw, MdSettings settings, LoginSlot slot, MdCommands commands, ScheduledExecutorService watchdog) {
        this.raw = raw;
        this.settings = settings;
        this.slot = slot;
        this.commands = commands;
        this.watchdog = watchdog;
    }

    /**
     * How long past an answer's time bound its session may still be writing: a client that stops
     * reading blocks the write (sockets have no write timeout), and would hold a thread and a
     * database connection for good; then its connection is closed.
     */
    static final Duration WRITE_GRACE = Duration.ofSeconds(30);

    @Override
    public void run() {
        try (raw) {
            raw.setSoTimeout(slot.loginReadTimeoutMillis());
            SSLSocket tls = upgrade();
            if (tls == null) {
                return;
            }
            try (tls) {
                serve(tls);
            }
        } catch (EOFException | SocketTimeoutException | SSLException e) {
            LOG.debug("metadata session from {} ended: {}", raw.getInetAddress(), e.getMessage());
        } catch (IOException e) {
            LOG.debug("metadata session from {} failed: {}", raw.getInetAddress(), e.getMessage());
        } catch (MdmException e) {
            LOG.info("metadata session from {} refused: {}", raw.getInetAddress(), e.getMessage());
        }
    }

    /** The greeting and the mode; the TLS socket for {@code ssl}, null when refused (answered). */
    private SSLSocket upgrade() throws IOException, MdmException {
        OutputStream out = raw.getOutputStream();
        out.write(GREETING.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        MdLines plain = new MdLines(raw.getInputStream(), 256);
        String mode = plain.next().strip();
        if (!mode.equals("ssl")) {
            String why = mode.equals("plain") ? "4 Plain sessions are refused: connect with ssl and your grid proxy"
                    : mode.startsWith("resume") ? "9 Session resumption is not supported: start a new session with ssl"
                    : "8 Unknown authentication mode: this service offers ssl only";
            out.write((why + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return null;
        }
        plain.next(); // the empty line after the mode
        out.write(new byte[] {'0', '\n'});
        out.flush();
        SSLSocket tls = (SSLSocket) settings.host().getSocketFactory().createSocket(raw,
                raw.getInetAddress().getHostAddress(), raw.getPort(), true);
        tls.setUseClientMode(false);
        tls.setNeedClientAuth(true);
        tls.startHandshake();
        return tls;
    }

    private void serve(SSLSocket tls) throws IOException, MdmException {
        GridPrincipal caller = settings.principals().principal(tls.getSession());
        MdLines lines = new MdLines(new BufferedInputStream(tls.getInputStream()), MAX_LINE);
        OutputStream out = new BufferedOutputStream(tls.getOutputStream());
        for (int n = 0; !lines.next().isEmpty(); n++) { // the context: its login and password are not ours to use
            if (n >= MAX_CONTEXT_LINES) {
                throw new MdmException(Status.INVALID_REQUEST, "context longer than " + MAX_CONTEXT_LINES + " lines");
            }
        }
        try {
            settings.access().check(caller, "the metadata service");
        } catch (MdmException gate) {
            new MdAnswer(out).fail(gate);
            return;
        }
        if (!slot.logIn()) {
            new MdAnswer(out).fail(99, "Too many sessions on this metadata service: try again later.");
            return;
        }
        tls.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.idle().toMillis()));
        MdState state = new MdState(caller, settings);
        while (true) {
            String line;
            MdAnswer answer = new MdAnswer(out);
            try {
                line = lines.next();
            } catch (MdmException tooLong) {
                answer.fail(tooLong);
                return; // the rest of the line is unread: the session cannot go on
            }
            if (line.isBlank()) {
                continue;
            }
            if (!answer(line, state, answer, tls)) {
                return;
            }
        }
    }

    /** Runs one command; false when the session ends. */
    private boolean answer(String line, MdState state, MdAnswer answer, SSLSocket tls) throws IOException {
        Instant start = Instant.now();
        String operation = "?";
        String status = "0";
        ScheduledFuture<?> stuck = watchdog.schedule(() -> closeQuietly(tls),
                settings.limits().timeout().plus(WRITE_GRACE).toMillis(), TimeUnit.MILLISECONDS);
        try {
            List<String> words = MdWords.split(line);
            operation = words.isEmpty() ? "?" : words.get(0).toLowerCase(java.util.Locale.ROOT);
            if (operation.equals("exit") || operation.equals("quit")) {
                answer.end();
                return false;
            }
            commands.run(words, state, answer);
            answer.end();
            return true;
        } catch (MdmException e) {
            status = String.valueOf(MdAnswer.code(e.status()));
            return answer.fail(e);
        } catch (MdCommands.TooManyRows e) {
            status = String.valueOf(MdAnswer.TOO_MANY_ROWS);
            return answer.fail(MdAnswer.TOO_MANY_ROWS, e.getMessage());
        } finally {
            stuck.cancel(false);
            AccessLog.request("md", tls.getInetAddress(), state.caller(), MdCommands.known(operation), status,
                    Duration.between(start, Instant.now()));
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a stuck session
        }
    }
}
