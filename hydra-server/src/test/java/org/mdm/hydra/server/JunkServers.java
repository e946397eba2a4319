package org.mdm.hydra.server;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;
import org.mdm.security.TlsContexts;

/** Servers that are not key servers: an HTTPS one answering junk, a plain socket writing junk, a black hole. */
final class JunkServers implements AutoCloseable {
    private final List<AutoCloseable> open = new ArrayList<>();

    /** Real HTTPS with the host certificate, answering 200 with a well-formed but wrong share. */
    URI httpsJunk(GridTrust trust) throws Exception {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        s.setHttpsConfigurator(new HttpsConfigurator(TlsContexts.server(
                Credentials.load(ThreeServers.PKI.hostCert(), ThreeServers.PKI.hostKey()), trust)));
        s.createContext("/", ex -> {
            byte[] junk = "{\"x\":2,\"share\":\"AAAA\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, junk.length);
            ex.getResponseBody().write(junk);
            ex.close();
        });
        s.start();
        open.add(() -> s.stop(0));
        return URI.create("https://localhost:" + s.getAddress().getPort());
    }

    /** A plain TCP server that writes junk and hangs up. */
    URI plainJunk() throws IOException {
        return socketServer(true);
    }

    /** A TCP server that accepts and never says anything. */
    URI blackHole() throws IOException {
        return socketServer(false);
    }

    private URI socketServer(boolean junk) throws IOException {
        ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        List<Socket> held = new ArrayList<>();
        Thread t = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    if (junk) {
                        try (s; OutputStream out = s.getOutputStream()) {
                            out.write("HTTP/1.0 200 OK\r\n\r\n<html>not a key server</html>".getBytes(StandardCharsets.US_ASCII));
                        }
                    } else {
                        held.add(s);
                    }
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        open.add(() -> {
            listener.close();
            for (Socket s : held) {
                s.close();
            }
        });
        return URI.create("https://localhost:" + listener.getLocalPort());
    }

    @Override
    public void close() {
        // No checked exception (InterruptedException least of all) escapes a test fixture's close.
        for (AutoCloseable c : open) {
            try {
                c.close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("a junk server did not stop", e);
            }
        }
    }
}
