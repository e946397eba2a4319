package org.mdm.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's globus-gridftp-server, started by a test the way bench/gridftp.sh starts it: our own
 * empty configuration file (never /etc/gridftp.conf), a grid-mapfile that maps the test user's DN
 * to the account running the JVM, the given host credential and CA directory, the control and
 * data interfaces on 127.0.0.1 at a free port, and {@code -allow-root} when running as root. It
 * runs in the foreground (one process forked per connection); {@link #close()} stops it and a
 * shutdown hook does if the test run dies first.
 *
 * <p>A missing server fails the test with the {@code apt-get} line (never a skip).
 */
public final class GlobusGridFtpServer implements AutoCloseable {
    /** Where Debian installs it. */
    public static final Path PROGRAM = Path.of("/usr/sbin/globus-gridftp-server");
    private static final String INSTALL_HINT = "globus-gridftp-server is missing: install "
            + "globus-gridftp-server-progs (apt-get install globus-gridftp-server-progs)";

    private final Process process;
    private final int port;
    private final Path dir;
    private final Thread shutdownHook;

    private GlobusGridFtpServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.shutdownHook = new Thread(process::destroyForcibly, "globus-gridftp-server-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts a server in {@code dir} (its config, grid-mapfile and logs go there).
     *
     * @param hostCert the server's certificate (PEM), CN naming {@code localhost}
     * @param hostKey  its key (PEM, unencrypted)
     * @param certDir  the trusted CAs (X509_CERT_DIR layout)
     * @param userDn   the client's DN in slash form, mapped to the account running the JVM
     * @throws IllegalStateException with the install line when the server is not installed, or
     *                               with its log when it does not come up
     */
    public static GlobusGridFtpServer start(Path dir, Path hostCert, Path hostKey, Path certDir, String userDn)
            throws IOException, InterruptedException {
        if (!Files.isExecutable(PROGRAM)) {
            throw new IllegalStateException(INSTALL_HINT);
        }
        Files.createDirectories(dir);
        Path conf = Files.writeString(dir.resolve("gridftp.conf"), "");
        Path gridmap = Files.writeString(dir.resolve("grid-mapfile"),
                "\"" + userDn + "\" " + System.getProperty("user.name") + "\n", StandardCharsets.UTF_8);
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(PROGRAM.toString(), "-c", conf.toString(), "-p", String.valueOf(port),
                "-control-interface", "127.0.0.1", "-data-interface", "127.0.0.1", "-d", "error",
                "-l", dir.resolve("gridftp-server.log").toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            cmd.add("-allow-root");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("gridftp-server.out").toFile());
        Map<String, String> env = pb.environment();
        env.put("X509_USER_CERT", hostCert.toString());
        env.put("X509_USER_KEY", hostKey.toString());
        env.put("X509_CERT_DIR", certDir.toString());
        env.put("GRIDMAP", gridmap.toString());
        GlobusGridFtpServer server = new GlobusGridFtpServer(pb.start(), port, dir);
        server.awaitListening();
        return server;
    }

    /** The control port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** {@code gsiftp://localhost:<port><path>} ({@code path} absolute). */
    public String url(Path path) {
        return "gsiftp://localhost:" + port + path.toAbsolutePath();
    }

    /** What the server wrote to its log and standard output so far (for assertion messages). */
    public String log() {
        StringBuilder b = new StringBuilder();
        for (String f : List.of("gridftp-server.out", "gridftp-server.log")) {
            try {
                Path p = dir.resolve(f);
                if (Files.exists(p)) {
                    b.append(Files.readString(p, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return b.toString();
    }

    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("globus-gridftp-server exited with " + process.exitValue() + ": " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("globus-gridftp-server did not listen on port " + port + " within 15 s: " + log());
    }

    /** A port nothing listens on right now (for a server that is down, too). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway
        }
    }
}
