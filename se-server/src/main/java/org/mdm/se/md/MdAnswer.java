package org.mdm.se.md;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * One response on the wire, AMGA's framing: a status line ({@code 0}, or a code and a message),
 * the rows one per line, then EOT EOT. Values are escaped so that a row is always one line and
 * never holds the framing bytes. A failure after rows went out cannot change the status line: it
 * is sent as a NAK line, and the session then ends without EOT, so no client takes a partial
 * answer for a whole one.
 */
final class MdAnswer {
    static final int NAK = 0x15;
    /** More rows matched than one answer may carry. */
    static final int TOO_MANY_ROWS = 18;
    private static final byte[] END = {0x04, 0x04};

    private final OutputStream out;
    private boolean started;
    private long rows;

    MdAnswer(OutputStream out) {
        this.out = out;
    }

    /** The success line; rows may follow. */
    void ok() throws IOException {
        if (!started) {
            started = true;
            out.write(new byte[] {'0', '\n'});
        }
    }

    /** One row (a null value is an empty line). */
    void row(String value) throws IOException {
        ok();
        out.write(escape(value).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        rows++;
    }

    long rows() {
        return rows;
    }

    /** Ends a successful answer. */
    void end() throws IOException {
        ok();
        out.write(END);
        out.flush();
    }

    /**
     * Ends the answer with {@code e}: an error line and EOT EOT when nothing was sent yet;
     * otherwise a NAK line (the caller closes the session).
     *
     * @return false when the session must end
     */
    boolean fail(MdmException e) throws IOException {
        return fail(code(e.status()), e.getMessage());
    }

    /** {@link #fail(MdmException)} with an explicit code (18: more rows than the bound). */
    boolean fail(int code, String message) throws IOException {
        String line = code + " " + oneLine(message) + "\n";
        if (!started) {
            started = true;
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write(END);
            out.flush();
            return true;
        }
        out.write(NAK);
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return false;
    }

    /** MDM's error codes (see the package documentation). */
    static int code(Status status) {
        return switch (status) {
            case NOT_FOUND, INVALID_PATH -> 1;
            case AUTHORIZATION_FAILURE -> 4;
            case INVALID_REQUEST, ALREADY_EXISTS -> 8;
            case NOT_SUPPORTED -> 9;
            case TIMEOUT -> 17;
            default -> 99;
        };
    }

    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                default -> {
                    if (ch < 0x20 || ch == 0x7f) {
                        b.append(String.format("\\x%02x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.toString();
    }

    private static String oneLine(String message) {
        return escape(message == null ? "error" : message);
    }
}
