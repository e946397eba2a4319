package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mdm serve} in a process of its own, as a site runs it, its output appended to
 * {@code serve.log} under the test's home; stopped with SIGTERM. Its doors bind port 0 and the
 * ports are read from what it prints: a port picked beforehand can be taken meanwhile (a
 * catalogue's mixed-mode server, another test's process) before mdm serve binds it.
 */
record ServeProcess(Process process, int gridFtpPort, int srmPort, int mdPort) implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready \\(GridFTP port (\\d+)\\)");
    private static final Pattern SRM = Pattern.compile("\\(SRM port (\\d+)\\)");
    private static final Pattern MD = Pattern.compile("\\(metadata port (\\d+);");

    /** Starts it with {@code options} (site options and any -D of the test's own) and waits until it is ready. */
    static ServeProcess start(Path home, List<String> options) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.mdm.cli.Main", "serve"));
        cmd.addAll(options);
        cmd.addAll(List.of("-D", "se.gridftp.address=127.0.0.1", "-D", "se.gridftp.port=0",
                "-D", "se.srm.address=127.0.0.1", "-D", "se.srm.port=0", "-D", "md.address=127.0.0.1", "-D", "md.port=0"));
        Path log = home.resolve("serve.log");
        int readyBefore = Files.exists(log) ? count(Files.readString(log)) : 0;
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (count(text) > readyBefore) {
                return new ServeProcess(p, last(READY, text), last(SRM, text), last(MD, text));
            }
            if (!p.isAlive()) {
                throw new AssertionError("mdm serve exited: " + text);
            }
            Thread.sleep(100);
        }
        p.destroyForcibly();
        throw new AssertionError("mdm serve did not start: " + Files.readString(log));
    }

    private static int count(String text) {
        return text.split(Pattern.quote("ready (GridFTP"), -1).length - 1;
    }

    private static int last(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int port = -1;
        while (m.find()) {
            port = Integer.parseInt(m.group(1));
        }
        return port;
    }

    String gsiftp(String path) {
        return "gsiftp://localhost:" + gridFtpPort + path;
    }

    String srm(String path) {
        return "srm://localhost:" + srmPort + path;
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "mdm serve stopped");
    }
}
