package org.mdm.se.gridftp;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;

/**
 * Where the data connections of the next transfer come from: a listener of ours the client
 * connects to (PASV, EPSV) or the client's address we connect to (PORT, EPRT). Used by one
 * transfer, then closed, as in RFC 959.
 */
abstract class DataEndpoint implements Closeable {

    /** Stops offering connections; closing twice is harmless. */
    @Override
    public abstract void close();

    /**
     * Opens up to {@code wanted} connections (at least one), each authenticated by
     * {@code security} when it is not null.
     *
     * @throws IOException when not even one connection can be opened in {@code timeoutMillis}
     */
    abstract List<DataConnection> open(int wanted, DataSecurity security, int timeoutMillis) throws IOException;

    /** A listener on {@code address} and a free port of {@code ports}. */
    static Passive listen(InetAddress address, PortRange ports) throws IOException {
        return new Passive(ports.bind(address));
    }

    static Active connectTo(InetSocketAddress target) {
        return new Active(target);
    }

    static DataConnection secure(SocketChannel channel, DataSecurity security, boolean weConnected, int timeoutMillis)
            throws IOException {
        try {
            channel.socket().setTcpNoDelay(true);
            SSLSocket tls = security == null ? null : security.secure(channel, weConnected, timeoutMillis);
            return new DataConnection(channel, tls != null && security.privacy() ? tls : null, tls);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** PASV/EPSV: the client connects to us. */
    static final class Passive extends DataEndpoint {
        /** After the first connection, how long more of a parallel (MODE E) client's connections may take. */
        private static final int GRACE_MILLIS = 1000;
        private final ServerSocketChannel server;

        private Passive(ServerSocketChannel server) {
            this.server = server;
        }

        int port() {
            return server.socket().getLocalPort();
        }

        InetAddress address() {
            return server.socket().getInetAddress();
        }

        @Override
        List<DataConnection> open(int wanted, DataSecurity security, int timeoutMillis) throws IOException {
            List<DataConnection> open = new ArrayList<>();
            try {
                open.add(secure(accept(timeoutMillis), security, false, timeoutMillis));
                while (open.size() < wanted) {
                    SocketChannel next;
                    try {
                        next = accept(GRACE_MILLIS);
                    } catch (SocketTimeoutException e) {
                        break; // fewer than announced: send over those that came
                    }
                    open.add(secure(next, security, false, timeoutMillis));
                }
            } catch (IOException | RuntimeException e) {
                closeAll(open);
                throw e;
            } finally {
                close(); // later connections (more than announced) are refused
            }
            return open;
        }

        private SocketChannel accept(int timeoutMillis) throws IOException {
            server.socket().setSoTimeout(timeoutMillis);
            // The socket adaptor honours the timeout; its channel is then used for transferTo.
            return server.socket().accept().getChannel();
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException ignored) {
                // a listener that failed to close has nothing left to give
            }
        }
    }

    /** PORT/EPRT: we connect to the client, once per parallel stream. */
    static final class Active extends DataEndpoint {
        private final InetSocketAddress target;

        private Active(InetSocketAddress target) {
            this.target = target;
        }

        @Override
        List<DataConnection> open(int wanted, DataSecurity security, int timeoutMillis) throws IOException {
            List<DataConnection> open = new ArrayList<>();
            try {
                for (int i = 0; i < wanted; i++) {
                    SocketChannel ch = SocketChannel.open();
                    try {
                        ch.socket().connect(target, timeoutMillis);
                    } catch (IOException e) {
                        ch.close();
                        throw new IOException("cannot connect to " + target + ": " + e.getMessage(), e);
                    }
                    open.add(secure(ch, security, true, timeoutMillis));
                }
            } catch (IOException | RuntimeException e) {
                closeAll(open);
                throw e;
            }
            return open;
        }

        @Override
        public void close() {
        }
    }

    /** Ends connections at once (abort or failure). */
    static void closeAll(List<DataConnection> connections) {
        for (DataConnection c : connections) {
            c.abort();
        }
    }
}
