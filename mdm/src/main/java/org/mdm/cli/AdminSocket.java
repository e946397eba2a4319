package org.mdm.cli;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The client end of a running SE's admin channel (see {@link AdminServer}): one request line
 * out, one JSON answer back. Absent when no SE listens, so a command can fall back to working
 * on the spool directory itself.
 */
final class AdminSocket {
    /** Longest answer read: a spool listing of ~100,000 files. */
    static final int MAX_ANSWER = 64 << 20;
    private static final String DEFAULT_NAME = ".mdm-admin.sock";

    private AdminSocket() {
    }

    /** The socket of the SE that would run on this configuration. */
    static Path of(MdmConfig config) {
        String socket = config.get("se.admin.socket");
        return socket.isBlank() ? config.path("spool.dir").resolve(DEFAULT_NAME) : Path.of(socket);
    }

    /**
     * Sends {@code request} to the running SE and returns its answer, or empty when no SE listens
     * on {@code socket} (none started, or a stale socket left by one that was killed).
     *
     * @throws MdmException PEER_UNAVAILABLE when an SE listens but the exchange fails
     */
    static Optional<String> ask(Path socket, String request) throws MdmException {
        if (!Files.exists(socket)) {
            return Optional.empty();
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        } catch (IOException e) {
            throw new MdmException(Status.INTERNAL_ERROR, "Cannot open a Unix-domain socket: "
                    + MdmException.describe(e), e);
        }
        try (channel) {
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                return Optional.empty(); // refused: nobody listens there any more
            }
            channel.write(ByteBuffer.wrap((request + "\n").getBytes(StandardCharsets.UTF_8)));
            channel.shutdownOutput();
            return Optional.of(readAll(channel));
        } catch (IOException e) {
            throw new MdmException(Status.PEER_UNAVAILABLE, "The running mdm serve (admin socket " + socket
                    + ") did not answer '" + request + "': " + MdmException.describe(e) + ". Check its log.", e);
        }
    }

    private static String readAll(SocketChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 << 10);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (channel.read(buffer) >= 0) {
            buffer.flip();
            out.write(buffer.array(), 0, buffer.limit());
            buffer.clear();
            if (out.size() > MAX_ANSWER) {
                throw new IOException("the answer is over " + (MAX_ANSWER >> 20) + " MiB");
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
