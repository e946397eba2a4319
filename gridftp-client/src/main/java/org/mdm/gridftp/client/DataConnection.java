package org.mdm.gridftp.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLSocket;

/**
 * One data connection, opened by us to the server's passive address (PASV) or by the server to
 * our listener (PORT), authenticated by DCAU A when asked. Reads time out every second so that the reader can look at the transfer's clock (an
 * idle MODE E connection is fine while the others move data) and at an abort.
 */
final class DataConnection implements AutoCloseable {
    static final int POLL_MILLIS = 1000;

    private final SocketChannel channel;
    private final boolean weConnected;
    private SSLSocket tls;
    private InputStream in;

    private DataConnection(SocketChannel channel, boolean weConnected) {
        this.channel = channel;
        this.weConnected = weConnected;
    }

    /** Connects to {@code address} within {@code timeoutMillis}. */
    static DataConnection connect(InetSocketAddress address, int timeoutMillis) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.socket().connect(address, timeoutMillis);
            ch.socket().setReceiveBufferSize(1 << 20);
            return new DataConnection(ch, true);
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot open a data connection to " + address + ": " + e.getMessage(), e);
        }
    }

    /** A connection the server opened to our listener (PORT). */
    static DataConnection accepted(SocketChannel ch) throws IOException {
        ch.socket().setReceiveBufferSize(1 << 20);
        return new DataConnection(ch, false);
    }

    /** DCAU A (when {@code auth} is not null), then the stream to read the data from. */
    InputStream open(DataAuthenticator auth, int handshakeMillis) throws IOException {
        Socket tcp = channel.socket();
        if (auth != null) {
            tls = auth.secure(tcp, handshakeMillis, weConnected);
        }
        in = tls != null && auth.privacy() ? tls.getInputStream() : tcp.getInputStream();
        (tls != null ? tls : tcp).setSoTimeout(POLL_MILLIS);
        return in;
    }

    /**
     * Reads into {@code buf}; -1 at end of stream; 0 when nothing came within the poll interval.
     */
    int read(byte[] buf, int off, int len) throws IOException {
        try {
            return in.read(buf, off, len);
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    /**
     * Ends the connection at once (after the data, on failure or abort). TCP goes first: closing
     * a layered TLS socket first would wait (a poll interval each) for the peer's close_notify,
     * which a Globus server never sends on a data connection, and would hold up its 226.
     */
    @Override
    public void close() {
        ControlChannel.closeQuietly(channel);
        ControlChannel.closeQuietly(tls);
    }
}
