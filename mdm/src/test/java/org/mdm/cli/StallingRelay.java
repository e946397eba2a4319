package org.mdm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mdm.md.client.Endpoint;

/**
 * A TCP relay in front of a real metadata service, standing in for the network between client
 * and server: it can hold back the server's bytes after a given count (a server that stalls in
 * the middle of an answer), drop its connections (a session the server or a firewall ended),
 * refuse connections (a site going down and coming back) and be killed. It never looks into the
 * TLS it carries.
 */
final class StallingRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Object gate = new Object();
    private long allowance = Long.MAX_VALUE;
    private long clientBytes;
    private volatile boolean refusing;

    StallingRelay(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::accept, "relay-" + listener.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    Endpoint endpoint() {
        return new Endpoint("localhost", listener.getLocalPort());
    }

    /** From now on, let at most {@code bytes} more of the server's bytes through. */
    void stallAfter(long bytes) {
        synchronized (gate) {
            allowance = bytes;
            clientBytes = 0;
        }
    }

    /** Blocks until the client sent something since {@link #stallAfter} (its command). */
    void awaitClientBytes() throws InterruptedException {
        synchronized (gate) {
            while (clientBytes == 0) {
                gate.wait();
            }
        }
    }

    /** Closes the connections it carries; new ones are still relayed. */
    void dropConnections() {
        sockets.forEach(StallingRelay::closeQuietly);
        sockets.clear();
    }

    /** Accepts connections and closes them at once (true), or relays them again (false). */
    void refuse(boolean refuse) {
        refusing = refuse;
    }

    @Override
    public void close() {
        closeQuietly(listener);
        dropConnections();
        synchronized (gate) {
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                if (refusing) {
                    client.close();
                    continue;
                }
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(server);
                pump(client.getInputStream(), server.getOutputStream(), false);
                pump(server.getInputStream(), client.getOutputStream(), true);
            } catch (IOException e) {
                // closed, or one connection failed: the next accept goes on
            }
        }
    }

    private void pump(InputStream in, OutputStream out, boolean fromServer) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[4096];
            try (in; out) {
                while (true) {
                    int n = in.read(buf);
                    if (n < 0) {
                        return;
                    }
                    // Held back at the write, not the read: bytes read before a stall do not slip through.
                    for (int off = 0; off < n;) {
                        int k = fromServer ? waitForAllowance(n - off) : n - off;
                        out.write(buf, off, k);
                        out.flush();
                        account(fromServer, k);
                        off += k;
                    }
                }
            } catch (IOException | InterruptedException e) {
                // a side closed: the relay's connection ends with it
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private int waitForAllowance(int max) throws InterruptedException, IOException {
        synchronized (gate) {
            while (allowance == 0) {
                if (listener.isClosed()) {
                    throw new IOException("relay closed");
                }
                gate.wait(100);
            }
            return (int) Math.min(max, allowance);
        }
    }

    private void account(boolean fromServer, int n) {
        synchronized (gate) {
            if (fromServer) {
                allowance = Math.max(0, allowance - n);
            } else {
                clientBytes += n;
                gate.notifyAll();
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
