package org.mdm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher scripts under {@code set -euo pipefail}: a helper that fails inside {@code $(...)}
 * once ended {@code bin/mdm --help}, {@code setup} and {@code demo} silently on a fresh clone.
 */
class LauncherScriptsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private record Result(int code, String out, String err) {
    }

    private static Result bash(Path home, String script) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -euo pipefail; MDM_HOME='" + home + "'; . '"
                + ROOT.resolve("scripts/lib.sh") + "'; " + script);
        Path out = Files.createTempFile("launcher", ".out");
        Path err = Files.createTempFile("launcher", ".err");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("bash hung on: " + script);
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void aCheckoutWithoutABuildHasNoJarAndTheLauncherGoesOn(@TempDir Path checkout) throws Exception {
        Files.createDirectories(checkout.resolve("mdm"));
        Result r = bash(checkout, "jar=$(mdm_jar); echo \"[$jar] still running\"");
        assertEquals(0, r.code(), r.err());
        assertEquals("[] still running\n", r.out());
        Files.createDirectories(checkout.resolve("mdm/target"));
        Files.writeString(checkout.resolve("mdm/target/mdm-1.0-sources.jar"), "");
        Files.writeString(checkout.resolve("mdm/target/mdm-1.0.jar"), "");
        Result built = bash(checkout, "mdm_jar");
        assertEquals(checkout.resolve("mdm/target/mdm-1.0.jar") + "\n", built.out(), "the jar, not its sources");
    }

    @Test
    void aFailingStepIsNamedInsteadOfASilentExit(@TempDir Path checkout) throws Exception {
        Result r = bash(checkout, "trap_errors; say 'Loading the samples'; x=$(grep -c nothing /dev/null); echo no");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("during: Loading the samples"), r.err());
        assertTrue(r.err().contains("exit code 1"), r.err());
        assertTrue(!r.out().contains("no"), "stopped at the failure");
    }

    @Test
    void shellcheckFindsNoWarningInAnyScript() throws Exception {
        List<String> cmd = new ArrayList<>(List.of("shellcheck", "-x", "-S", "warning"));
        for (String dir : List.of("bin", "scripts", "bench", ".ci")) {
            try (Stream<Path> files = Files.list(ROOT.resolve(dir))) {
                files.filter(LauncherScriptsTest::isShellScript).map(Path::toString).sorted().forEach(cmd::add);
            }
        }
        assertTrue(cmd.size() > 8, "found the scripts: " + cmd);
        Process p;
        try {
            p = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail("shellcheck is missing: apt-get install shellcheck (bin/mdm test installs it)");
            return;
        }
        String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "shellcheck hung");
        assertEquals(0, p.exitValue(), report);
    }

    private static boolean isShellScript(Path file) {
        try {
            return Files.isRegularFile(file) && (file.toString().endsWith(".sh")
                    || Files.readString(file, StandardCharsets.ISO_8859_1).startsWith("#!/usr/bin/env bash"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
