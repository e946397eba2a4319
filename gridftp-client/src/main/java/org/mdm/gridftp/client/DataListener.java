package org.mdm.gridftp.client;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Our side of {@code PORT}/{@code EPRT}: a listener on the control connection's local address
 * (the one the server already reaches us on) that the server connects its data connections to.
 * Globus servers send MODE E data only as the connecting side ("eb_connect_write(): Handle not
 * in the proper state. Call local_port or local_spor before calling connect_write" after PASV),
 * which is why globus-url-copy -p N sends PORT.
 */
final class DataListener implements AutoCloseable {
    private final ServerSocketChannel server;

    private DataListener(ServerSocketChannel server) {
        this.server = server;
    }

    static DataListener open(InetAddress local) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        try {
            s.socket().setReceiveBufferSize(1 << 20); // inherited by accepted sockets, before the handshake
            s.bind(new InetSocketAddress(local, 0), 64);
            return new DataListener(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** The command announcing this listener: PORT for IPv4, EPRT for IPv6 (RFC 2428). */
    String command() {
        InetAddress a = server.socket().getInetAddress();
        int port = server.socket().getLocalPort();
        if (a instanceof Inet6Address) {
            return "EPRT |2|" + a.getHostAddress() + "|" + port + "|";
        }
        return "PORT " + a.getHostAddress().replace('.', ',') + "," + (port >> 8) + "," + (port & 0xff);
    }

    /** The next connection, or null if none came within {@code millis}. */
    SocketChannel accept(int millis) throws IOException {
        server.socket().setSoTimeout(millis);
        try {
            return server.socket().accept().getChannel();
        } catch (SocketTimeoutException e) {
            return null;
        }
    }

    @Override
    public void close() {
        ControlChannel.closeQuietly(server);
    }
}
