package org.mdm.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster started by the test itself: {@code initdb} into a fresh temp
 * directory (trust authentication, a Unix socket directory inside it, TCP on 127.0.0.1 at a free
 * port), {@code pg_ctl start}, a wait until it accepts JDBC connections, and on {@link #close()}
 * {@code pg_ctl stop} and removal of the directory. A JVM shutdown hook stops it too if a test run
 * dies before {@code close()}.
 *
 * <p>Binaries: {@code $MDM_PG_BINDIR} if set, else the newest Debian {@code /usr/lib/postgresql/<ver>/bin},
 * else {@code pg_config --bindir}. Missing binaries fail the test with the {@code apt-get} line
 * (the test is part of the suite, not optional).
 *
 * <p>Root: the PostgreSQL server refuses to run as root ({@code initdb} and {@code postgres}
 * both exit with "cannot be run as root"). When the JVM runs as root (CI containers do), every
 * PostgreSQL command runs as an unprivileged account instead: {@code postgres} (created by the
 * Debian package) or else {@code nobody}, switched to with {@code runuser -u USER --} (util-linux,
 * root-only, no PAM password prompt) or, where runuser is absent, {@code setpriv} with that
 * account's uid/gid. The cluster directory is created by root (0700) under {@code /tmp}
 * (world-traversable, sticky) and then chowned to that account so it owns its data directory as
 * PostgreSQL requires (0700, owned by the server's user); the processes are started with the
 * cluster directory as working directory, so they never need access to the (root-only) build
 * tree. The JDBC side connects over TCP to 127.0.0.1, so the JVM itself needs no access to the
 * directory. Root can still remove the directory at the end. As a non-root user, the commands run
 * directly.
 */
public final class PostgresServer implements AutoCloseable {
    public static final String SUPERUSER = "mdm_test";
    private static final String INSTALL_HINT = "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found; "
            + "install them with: apt-get install postgresql (or set MDM_PG_BINDIR to their directory)";

    private final Path binDir;
    private final Path dir;
    private final Path data;
    private final List<String> asUser;
    private final int port;
    private final Thread shutdownHook;
    private boolean stopped;

    private PostgresServer(Path binDir, Path dir, List<String> asUser, int port) {
        this.binDir = binDir;
        this.dir = dir;
        this.data = dir.resolve("data");
        this.asUser = asUser;
        this.port = port;
        this.shutdownHook = new Thread(this::stopQuietly, "postgres-test-stop");
    }

    /** Creates and starts a cluster; fails (never skips) if PostgreSQL is not installed. */
    public static PostgresServer start() throws Exception {
        Path bin = findBinDir();
        List<String> asUser = List.of();
        Path dir = Files.createTempDirectory(Paths.get("/tmp"), "mdm-pg-");
        try {
            if (isRoot(dir)) {
                asUser = unprivileged(dir);
            }
            Path sock = Files.createDirectories(dir.resolve("sock"));
            if (!asUser.isEmpty()) {
                run(List.of(), dir, "chown", "-R", ownerSpec(asUser), dir.toString());
                // The account must reach its directory: check here rather than get initdb's vaguer error.
                run(asUser, dir, "test", "-w", sock.toString());
            }
            run(asUser, dir, bin.resolve("initdb").toString(), "-D", dir.resolve("data").toString(),
                    "-U", SUPERUSER, "--auth=trust", "--encoding=UTF8", "--no-locale", "--no-sync");
            Exception last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                PostgresServer pg = new PostgresServer(bin, dir, asUser, port);
                try {
                    pg.startServer(sock);
                    return pg;
                } catch (Exception e) {
                    // Most likely the free port was taken in between: try another.
                    last = e;
                    pg.stopQuietly();
                }
            }
            throw last;
        } catch (Exception | Error e) {
            deleteTree(dir);
            throw e;
        }
    }

    private void startServer(Path sock) throws Exception {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        String options = "-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories=" + sock
                + " -c fsync=off -c full_page_writes=off -c synchronous_commit=off";
        run(asUser, dir, binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                dir.resolve("server.log").toString(), "-o", options, "-w", "-t", "60", "start");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                DriverManager.getConnection(url("postgres"), SUPERUSER, "").close(); // it accepts logins: ready
                return;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("PostgreSQL on port " + port + " does not accept connections; log:\n"
                            + log(), e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** The JDBC URL of database {@code name} in this cluster. */
    public String url(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name;
    }

    public int port() {
        return port;
    }

    /** Creates database {@code name} (letters, digits and underscores) and returns its JDBC URL. */
    public String createDatabase(String name) throws SQLException {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException(name);
        }
        try (Connection c = DriverManager.getConnection(url("postgres"), SUPERUSER, "");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    /** The server's log, for a failing test's message. */
    public String log() {
        try {
            return Files.readString(dir.resolve("server.log"));
        } catch (IOException e) {
            return "(no server log: " + e + ")";
        }
    }

    /** Stops the server (fast shutdown) and removes its directory. */
    @Override
    public synchronized void close() throws IOException {
        if (stopped) {
            return;
        }
        try {
            run(asUser, dir, binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w",
                    "-t", "60", "stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL", e);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("pg_ctl stop failed", e);
        } finally {
            stopped = true;
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // Already in the hook.
            }
            deleteTree(dir);
        }
    }

    private synchronized void stopQuietly() {
        if (stopped || !Files.exists(data.resolve("postmaster.pid"))) {
            return;
        }
        try {
            run(asUser, dir, binDir.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w",
                    "stop");
        } catch (Exception e) {
            System.err.println("could not stop the test PostgreSQL in " + dir + ": " + e.getMessage());
        }
    }

    // ---- binaries -------------------------------------------------------------------------

    public static Path findBinDir() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("MDM_PG_BINDIR");
        if (env != null && !env.isBlank()) {
            candidates.add(Paths.get(env));
        }
        Path debian = Paths.get("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .sorted(Comparator.comparingDouble((Path p) -> Double.parseDouble(p.getFileName().toString()))
                                .reversed())
                        .forEach(p -> candidates.add(p.resolve("bin")));
            } catch (IOException e) {
                // fall through to pg_config
            }
        }
        pgConfigBinDir().ifPresent(candidates::add);
        for (Path c : candidates) {
            if (Stream.of("initdb", "pg_ctl", "postgres").allMatch(b -> Files.isExecutable(c.resolve(b)))) {
                return c;
            }
        }
        throw new AssertionError(INSTALL_HINT + "; looked in " + candidates);
    }

    private static Optional<Path> pgConfigBinDir() {
        try {
            Process p = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && !out.isEmpty() ? Optional.of(Paths.get(out)) : Optional.empty();
        } catch (IOException | InterruptedException e) {
            return Optional.empty();
        }
    }

    // ---- root -----------------------------------------------------------------------------

    /** True if files this JVM creates belong to uid 0. */
    private static boolean isRoot(Path ownDir) throws IOException {
        return ((Integer) Files.getAttribute(ownDir, "unix:uid")) == 0;
    }

    /** The command prefix running a command as an unprivileged account; its last element is the user name. */
    private static List<String> unprivileged(Path dir) throws Exception {
        String user = null;
        for (String candidate : List.of("postgres", "nobody")) {
            if (run(List.of(), dir, "id", "-u", candidate).exitOk) {
                user = candidate;
                break;
            }
        }
        if (user == null) {
            throw new AssertionError("running as root and neither user 'postgres' nor 'nobody' exists; PostgreSQL "
                    + "refuses to run as root (apt-get install postgresql creates 'postgres')");
        }
        if (onPath("runuser")) {
            return withUser(List.of("runuser", "-u", user, "--"), user);
        }
        if (onPath("setpriv")) {
            String uid = run(List.of(), dir, "id", "-u", user).out.trim();
            String gid = run(List.of(), dir, "id", "-g", user).out.trim();
            return withUser(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--"), user);
        }
        throw new AssertionError("running as root and neither runuser nor setpriv is available to drop to '" + user
                + "' (PostgreSQL refuses to run as root): apt-get install util-linux");
    }

    /** The prefix followed by the account name (which {@link #run} leaves out of the command line). */
    private static List<String> withUser(List<String> prefix, String user) {
        List<String> l = new ArrayList<>(prefix);
        l.add(user);
        return List.copyOf(l);
    }

    private static String ownerSpec(List<String> asUser) {
        String user = asUser.get(asUser.size() - 1);
        return user + ":";
    }

    private static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        for (String d : (path + ":/usr/sbin:/sbin").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Paths.get(d, tool))) {
                return true;
            }
        }
        return false;
    }

    // ---- processes ------------------------------------------------------------------------

    private record Result(boolean exitOk, String out) {}

    private static final Pattern NOISE = Pattern.compile("(?m)^could not change directory to .*$");

    /** Runs a command (under the {@code asUser} prefix if any) and fails with its output if it fails. */
    private static Result run(List<String> asUser, Path cwd, String... command) throws Exception {
        List<String> full = new ArrayList<>();
        if (!asUser.isEmpty()) {
            full.addAll(asUser.subList(0, asUser.size() - 1));
        }
        full.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(full).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
        pb.environment().put("LC_ALL", "C");
        Path out = Files.createTempFile("mdm-pg-cmd-", ".out");
        try {
            pb.redirectOutput(out.toFile());
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + full);
            }
            String text = NOISE.matcher(Files.readString(out)).replaceAll("").trim();
            boolean ok = p.exitValue() == 0;
            // "id -u" probing is allowed to fail; everything else must succeed.
            if (!ok && !"id".equals(command[0])) {
                throw new IllegalStateException(String.join(" ", full) + " failed (exit " + p.exitValue() + "):\n" + text);
            }
            return new Result(ok, text);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }
}
