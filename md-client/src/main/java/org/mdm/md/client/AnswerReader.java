package org.mdm.md.client;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Reads the server's lines and answers (md-protocol 5): a status line, the rows, then EOT EOT;
 * a NAK line instead of the end when the answer failed after some rows. Rows go to the sink one
 * by one, so an answer of any length takes one line of memory.
 */
final class AnswerReader {
    static final int EOT = 0x04;
    static final int NAK = 0x15;
    /** AMGA may put {@code session<id>} between the two EOTs; MDM sends none. Bound what we skip. */
    private static final int MAX_BETWEEN_EOTS = 256;

    private final InputStream in;
    private final String peer;
    private final int maxLine;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    private boolean began;
    private boolean complete;

    /** Reads {@code in} (buffered by the caller) from {@code peer}, refusing lines over {@code maxLine} bytes. */
    AnswerReader(InputStream in, String peer, int maxLine) {
        this.in = in;
        this.peer = peer;
        this.maxLine = maxLine;
    }

    /** Whether any byte of the last answer arrived (a connection closed before it did is merely stale). */
    boolean began() {
        return began;
    }

    /**
     * Whether the last answer was read to its end (EOT EOT), an error answer included: only then
     * is the next byte the next answer's. After a NAK, a bad line or a sink that threw it is not.
     */
    boolean complete() {
        return complete;
    }

    /** One LF-terminated line (a CR before the LF dropped), e.g. of the greeting. */
    String line() throws IOException, MdmException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException(peer + " closed the connection");
        }
        return restOfLine(b);
    }

    /**
     * Reads one answer, its rows to {@code sink}.
     *
     * @throws MdmException for an error status line (after its EOTs: the connection stays
     *         usable), a NAK ({@link #cut()} then), or bytes that break the protocol
     * @throws IOException if the connection fails or closes before the answer's end
     */
    void answer(RowSink sink) throws IOException, MdmException {
        began = false;
        complete = false;
        int first = in.read();
        if (first < 0) {
            throw new EOFException(peer + " closed the connection before answering");
        }
        began = true;
        String status = restOfLine(first);
        if (!status.equals("0")) {
            MdmException error = ServerErrors.of(peer, status, false);
            expectEot();
            endOfAnswer();
            complete = true;
            throw error;
        }
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(peer + " closed the connection in the middle of an answer");
            } else if (b == EOT) {
                endOfAnswer();
                complete = true;
                return;
            } else if (b == NAK) {
                int next = in.read();
                throw ServerErrors.of(peer, next < 0 ? "" : restOfLine(next), true);
            }
            sink.row(RowValues.unescape(restOfLine(b)));
        }
    }

    /** After an error line: its first EOT. */
    private void expectEot() throws IOException, MdmException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException(peer + " closed the connection before the end of an error answer");
        } else if (b != EOT) {
            throw new MdmException(Status.CORRUPT_DATA, peer + " sent more than one line in an error answer:"
                    + " is it an MDM metadata service?");
        }
    }

    /** After the first EOT: up to the second one. */
    private void endOfAnswer() throws IOException, MdmException {
        for (int skipped = 0; skipped <= MAX_BETWEEN_EOTS; skipped++) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException(peer + " closed the connection before the end of an answer");
            } else if (b == EOT) {
                return;
            }
        }
        throw new MdmException(Status.CORRUPT_DATA, peer + " ended an answer with one EOT and no second one"
                + " within " + MAX_BETWEEN_EOTS + " bytes: is it an MDM metadata service?");
    }

    private String restOfLine(int first) throws IOException, MdmException {
        line.reset();
        int b = first;
        while (b != '\n') {
            if (line.size() >= maxLine) {
                throw new MdmException(Status.CORRUPT_DATA, peer + " sent a line longer than " + maxLine
                        + " bytes; the connection is dropped");
            }
            line.write(b);
            b = in.read();
            if (b < 0) {
                throw new EOFException(peer + " closed the connection in the middle of a line");
            }
        }
        int n = line.size();
        byte[] bytes = line.toByteArray();
        if (n > 0 && bytes[n - 1] == '\r') {
            n--;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }
}
