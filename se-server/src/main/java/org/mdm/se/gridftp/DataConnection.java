package org.mdm.se.gridftp;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLSocket;

/**
 * One open data connection. In clear (DCAU N, or DCAU A under PROT C) file bytes go from the
 * spool to the socket with {@link FileChannel#transferTo} (sendfile: no copy through the JVM);
 * under PROT P they go through the TLS socket.
 */
final class DataConnection implements Closeable {
    private static final int CHUNK = 256 * 1024;
    /** How long the peer has to close its side after our end of data. */
    private static final int DRAIN_MILLIS = 10_000;
    /** What we read from a peer that keeps sending after the end, before we stop listening. */
    private static final long MAX_DRAIN = 1 << 20;

    private final SocketChannel channel;
    private final SSLSocket tls;
    private final OutputStream tlsOut;
    /**
     * The DCAU handshake's socket, held for as long as the connection lives even when the data
     * goes in clear (PROT C): JDK 17's SSLSocket has a finalizer that closes it, and closing
     * writes its closing alerts onto the TCP connection (31 bytes as TLS 1.2 client, 80 as TLS 1.3
     * server). Dropped, the socket is finalized after some GC in the middle of the transfer and
     * those bytes land in the raw data: in MODE E the client reads them as a block header and fails
     * ("an end-of-file was reached"); in stream mode they become part of the file, exit status 0.
     */
    private final SSLSocket handshake;

    DataConnection(SocketChannel channel, SSLSocket tls, SSLSocket handshake) throws IOException {
        this.channel = channel;
        this.tls = tls;
        this.tlsOut = tls == null ? null : tls.getOutputStream();
        this.handshake = handshake;
    }

    /** Writes {@code header} completely. */
    void write(ByteBuffer header) throws IOException {
        if (tls == null) {
            while (header.hasRemaining()) {
                channel.write(header);
            }
        } else {
            tlsOut.write(header.array(), header.arrayOffset() + header.position(), header.remaining());
            header.position(header.limit());
        }
    }

    /** Sends {@code length} bytes of {@code file} from {@code position}. */
    void send(FileChannel file, long position, long length) throws IOException {
        long end = position + length;
        if (tls == null) {
            for (long at = position; at < end; ) {
                long n = file.transferTo(at, end - at, channel);
                if (n <= 0 && at < end && !channel.isOpen()) {
                    throw new IOException("data connection closed");
                }
                at += n;
            }
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, length)));
        for (long at = position; at < end; ) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - at));
            int n = file.read(buf, at);
            if (n < 0) {
                throw new IOException("spool file ended at " + at + " of " + end);
            }
            tlsOut.write(buf.array(), 0, n);
            at += n;
        }
    }

    /**
     * Ends the data gracefully: close_notify under TLS, then FIN, then read whatever the peer
     * still sends until it closes too. Closing with unread input (a TLS 1.3 session ticket the
     * receiver sent us, say) would make the kernel answer with RST, and an RST can discard the
     * file's last bytes before the receiver has read them.
     */
    @Override
    public void close() throws IOException {
        try {
            if (tls != null) {
                tlsOut.flush();
                tls.shutdownOutput();
            }
            if (channel.isOpen() && !channel.socket().isOutputShutdown()) {
                channel.shutdownOutput();
            }
            drain();
        } catch (IOException e) {
            // the peer is gone already; nothing left to end gracefully
        } finally {
            channel.close();
            // Only now may the handshake socket be finalized: its close_notify then meets a closed channel.
            java.lang.ref.Reference.reachabilityFence(handshake);
        }
    }

    /** Stops at once (ABOR, a failed stream): no grace. */
    void abort() {
        try {
            // A thread blocked in sendfile (transferTo) is not woken by closing the socket: the
            // JDK tracks it on the file channel. shutdown(2) wakes it (EPIPE); linger 0 makes the
            // close a reset, so the peer knows the data is incomplete.
            if (channel.isOpen()) {
                channel.socket().setSoLinger(true, 0);
                channel.shutdownOutput();
            }
        } catch (IOException ignored) {
            // not connected any more
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // already closed
        } finally {
            java.lang.ref.Reference.reachabilityFence(handshake);
        }
    }

    private void drain() throws IOException {
        channel.socket().setSoTimeout(DRAIN_MILLIS);
        java.io.InputStream in = channel.socket().getInputStream();
        byte[] sink = new byte[4096];
        long total = 0;
        while (total < MAX_DRAIN) {
            int n = in.read(sink);
            if (n < 0) {
                return;
            }
            total += n;
        }
    }
}
