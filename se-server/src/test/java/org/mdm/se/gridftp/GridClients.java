package org.mdm.se.gridftp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mdm.security.testpki.TestPki;

/**
 * Runs the real grid clients with the test PKI: globus-url-copy, the gfal2 tools, and JGlobus's
 * GridFTPClient (Debian's, in a JVM of its own with its own Bouncy Castle). Shared with
 * integration-tests through this module's test-jar.
 */
public final class GridClients {
    private static final String[] JGLOBUS_JARS = {"jglobus-gridftp.jar", "jglobus-ssl-proxies.jar",
        "jglobus-jsse.jar", "jglobus-gss.jar", "bcprov.jar", "commons-codec.jar", "commons-io.jar",
        "commons-logging.jar", "log4j-1.2.jar"};

    private GridClients() {
    }

    /** What a client printed and how it ended. */
    public record Run(int exit, String output) {
        public boolean ok() {
            return exit == 0;
        }
    }

    public static Path require(String program, String debianPackage) {
        Path p = Path.of("/usr/bin", program);
        if (!Files.isExecutable(p)) {
            fail(program + " is missing: apt-get install " + debianPackage + " (bin/mdm test installs it)");
        }
        return p;
    }

    /** globus-url-copy with {@code proxy}. */
    public static Run globusUrlCopy(Path proxy, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(require("globus-url-copy", "globus-gass-copy-progs").toString());
        cmd.addAll(List.of(args));
        return run(cmd, proxy);
    }

    /** A gfal2 tool (gfal-copy, gfal-ls, gfal-stat, gfal-sum) with the test user's proxy. */
    public static Run gfal(String program, String... args) throws IOException, InterruptedException {
        return gfal(TestPki.shared().proxy(), program, args);
    }

    /** A gfal2 tool with {@code proxy}. */
    public static Run gfal(Path proxy, String program, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(require(program, "gfal2-util-scripts python3-gfal2-util gfal2-plugin-gridftp gfal2-plugin-srm"
                + " gfal2-plugin-file")
                .toString());
        cmd.addAll(List.of(args));
        Run run = run(cmd, proxy);
        if (!run.ok() && run.output().contains(GFAL_EXIT_CRASH)) {
            // gfal2 2.21 sometimes aborts in its own teardown after the work is done (about 1 run in
            // 100 here, SE answers and all); what a user would do is run it again. Any other
            // failure is the test's to see, and every test checks what the command produced. A
            // gfal-copy that crashed after writing its destination would refuse to write it again.
            if (program.equals("gfal-copy") && !cmd.contains("-f")) {
                cmd.add(1, "-f");
            }
            run = run(cmd, proxy);
        }
        return run;
    }

    /** glibc's message when gfal2 frees a pointer twice at exit. */
    private static final String GFAL_EXIT_CRASH = "free(): invalid pointer";

    /**
     * JGlobus downloads {@code remotePath} from localhost:{@code port} into {@code out}.
     *
     * @param mode "stream" or "eblock"
     * @param dcau "dcau" or "nodcau"
     */
    public static Run jglobusGet(int port, String remotePath, Path out, String mode, int parallelism, String dcau)
            throws IOException, InterruptedException {
        List<String> cp = new ArrayList<>();
        for (String jar : JGLOBUS_JARS) {
            Path p = Path.of("/usr/share/java", jar);
            if (!Files.isRegularFile(p)) {
                fail(p + " is missing: apt-get install libjglobus-gridftp-java libjglobus-gss-java"
                        + " (bin/mdm test installs them)");
            }
            cp.add(p.toString());
        }
        // java runs a single-file program from a path only; the copy goes once the client is done.
        Path dir = Files.createTempDirectory("jglobus");
        Path source = dir.resolve("JGlobusGet.java");
        try {
            try (InputStream in = GridClients.class.getResourceAsStream("/jglobus/JGlobusGet.java")) {
                Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", String.join(":", cp), "-DX509_CERT_DIR=" + TestPki.shared().certDir(), source.toString(),
                    "localhost", Integer.toString(port), remotePath, out.toString(), mode,
                    Integer.toString(parallelism), dcau);
            return run(cmd, TestPki.shared().proxy());
        } finally {
            Files.deleteIfExists(source);
            Files.deleteIfExists(dir);
        }
    }

    public static Run run(List<String> cmd, Path proxy) throws IOException, InterruptedException {
        TestPki pki = TestPki.shared();
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("X509_USER_PROXY", proxy.toString());
        pb.environment().put("X509_CERT_DIR", pki.certDir().toString());
        pb.environment().put("X509_VOMS_DIR", pki.vomsDir().toString());
        // The gfal scripts pick the first python that imports gfal2; Debian's is /usr/bin/python3.
        pb.environment().put("GFAL_PYTHONBIN", "/usr/bin/python3");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(cmd.get(0) + " hung: " + new String(out, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
