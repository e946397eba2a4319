package org.mdm.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Semaphore;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running SE's local admin channel: a Unix-domain socket, mode 0600, whose peers must also be
 * the SE's own user (checked with SO_PEERCRED, so a socket made reachable by a loose umask or a
 * shared directory still answers nobody else). One request line in, one answer out, then close.
 * Written by hand because the JDK's Unix-domain channels are all it takes; no server library
 * speaks this small a protocol.
 */
final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
    private static final int MAX_REQUEST = 4096;
    /** Requests handled at once: an administrator's commands, never a crowd. */
    private static final int MAX_CLIENTS = 4;

    /** Answers one request line. */
    @FunctionalInterface
    interface Handler {
        String answer(String request) throws MdmException;
    }

    private final Path socket;
    private final ServerSocketChannel listener;
    private final Handler handler;
    private final Semaphore clients = new Semaphore(MAX_CLIENTS);
    private final Thread acceptor;

    private AdminServer(Path socket, ServerSocketChannel listener, Handler handler) {
        this.socket = socket;
        this.listener = listener;
        this.handler = handler;
        this.acceptor = new Thread(this::acceptLoop, "mdm-admin");
        this.acceptor.setDaemon(true);
    }

    /**
     * Listens on {@code socket}, replacing a stale one left by an SE that was killed.
     *
     * @throws MdmException CONFIGURATION_ERROR when another SE answers there, or it cannot be bound
     */
    static AdminServer start(Path socket, Handler handler) throws MdmException {
        if (Files.exists(socket) && AdminSocket.ask(socket, "ping").isPresent()) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Another mdm serve already answers on the admin"
                    + " socket " + socket + " (its spool is in use): stop it, or give this one its own spool.dir"
                    + " or se.admin.socket.");
        }
        ServerSocketChannel listener = null;
        try {
            Files.deleteIfExists(socket);
            listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            closeQuietly(listener);
            throw new MdmException(Status.CONFIGURATION_ERROR, "Cannot open the admin socket " + socket + ": "
                    + MdmException.describe(e) + ". Set se.admin.socket to a short path (under 100 characters) in"
                    + " a directory this user can write.", e);
        }
        AdminServer server = new AdminServer(socket, listener, handler);
        server.acceptor.start();
        return server;
    }

    Path socket() {
        return socket;
    }

    private void acceptLoop() {
        while (listener.isOpen()) {
            SocketChannel client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                if (listener.isOpen()) {
                    LOG.warn("Admin socket {}: accept failed: {}", socket, MdmException.describe(e));
                }
                continue;
            }
            if (!clients.tryAcquire()) {
                closeQuietly(client);
                continue;
            }
            Thread t = new Thread(() -> {
                try (client) {
                    serve(client);
                } catch (IOException e) {
                    LOG.debug("Admin client left: {}", MdmException.describe(e));
                } finally {
                    clients.release();
                }
            }, "mdm-admin-client");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(SocketChannel client) throws IOException {
        UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
        String self = System.getProperty("user.name");
        if (!peer.user().getName().equals(self)) {
            LOG.warn("Admin socket {}: refused user {} (only {} may administer this SE)", socket,
                    peer.user().getName(), self);
            write(client, AdminAnswers.error(new MdmException(Status.AUTHORIZATION_FAILURE,
                    "Only user " + self + ", who runs this mdm serve, may use its admin socket.")));
            return;
        }
        String request = readLine(client);
        String answer;
        try {
            answer = request.equals("ping") ? "{}" : handler.answer(request);
        } catch (MdmException e) {
            answer = AdminAnswers.error(e);
        } catch (RuntimeException e) {
            // Only the verb: arguments may name an image by its PFN (hospital UIDs).
            LOG.error("Admin request '{}' failed", request.trim().split("\\s+")[0], e);
            answer = AdminAnswers.error(new MdmException(Status.INTERNAL_ERROR, "The request failed unexpectedly ("
                    + e.getClass().getSimpleName() + "); see the server's log."));
        }
        write(client, answer);
    }

    private static String readLine(SocketChannel client) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_REQUEST);
        while (buffer.hasRemaining() && client.read(buffer) >= 0) {
            if (indexOfNewline(buffer) >= 0) {
                break;
            }
        }
        int end = indexOfNewline(buffer);
        return new String(buffer.array(), 0, end >= 0 ? end : buffer.position(), StandardCharsets.UTF_8).trim();
    }

    private static int indexOfNewline(ByteBuffer buffer) {
        for (int i = 0; i < buffer.position(); i++) {
            if (buffer.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static void write(SocketChannel client, String answer) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            client.write(out);
        }
    }

    private static void closeQuietly(java.nio.channels.Channel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was served through it
            }
        }
    }

    /** Stops listening and removes the socket file. */
    @Override
    public void close() {
        closeQuietly(listener);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.warn("Admin socket {} could not be removed: {}", socket, MdmException.describe(e));
        }
    }
}
