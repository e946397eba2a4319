package org.mdm.md.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A socket's input bounded by a deadline for a whole exchange rather than per read: before each
 * read the socket's timeout is set to the time left, so a server that trickles bytes cannot keep
 * an answer going past its bound. Buffer on top of this, so that the timeout is set once per
 * network read, not once per byte.
 */
final class DeadlineInput extends FilterInputStream {
    private final Socket socket;
    private long deadlineNanos = Long.MAX_VALUE;

    DeadlineInput(Socket socket, InputStream in) {
        super(in);
        this.socket = socket;
    }

    /** Reads from now on must all end within {@code millis}. */
    void within(long millis) {
        deadlineNanos = System.nanoTime() + millis * 1_000_000L;
    }

    /** Milliseconds left before the deadline (0 or less: passed). */
    long millisLeft() {
        return (deadlineNanos - System.nanoTime()) / 1_000_000L;
    }

    @Override
    public int read() throws IOException {
        arm();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        return super.read(b, off, len);
    }

    private void arm() throws IOException {
        long leftMs = millisLeft();
        if (leftMs <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, leftMs));
    }
}
