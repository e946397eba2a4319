package org.mdm.se.md;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Lines as AMGA's clients send them (LF, a CR before it dropped), bounded in length. Before TLS
 * the stream is the raw socket's and is read a byte at a time, so that no byte of the client's
 * TLS hello is taken as text.
 */
final class MdLines {
    private final InputStream in;
    private final int maxBytes;

    MdLines(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /**
     * The next line, without its end.
     *
     * @throws EOFException the client closed the connection
     * @throws MdmException INVALID_REQUEST for a line longer than the bound (the rest is not read)
     */
    String next() throws IOException, MdmException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("the client closed the connection");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.UTF_8);
            }
            if (line.size() >= maxBytes) {
                throw new MdmException(Status.INVALID_REQUEST, "Line longer than " + maxBytes + " bytes.");
            }
            line.write(b);
        }
    }
}
