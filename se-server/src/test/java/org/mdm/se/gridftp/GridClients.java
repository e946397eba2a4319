package org.mdm.se.gridftp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mdm.security.testpki.TestPki;

/** Runs the real grid clients with the test PKI. */
final class GridClients {
    private GridClients() {
    }

    /** What a client printed and how it ended. */
    record Run(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    static Path require(String program, String debianPackage) {
        Path p = Path.of("/usr/bin", program);
        if (!Files.isExecutable(p)) {
            fail(program + " is missing: apt-get install " + debianPackage + " (bin/mdm test installs it)");
        }
        return p;
    }

    static Run globusUrlCopy(Path proxy, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(require("globus-url-copy", "globus-gass-copy-progs").toString());
        cmd.addAll(List.of(args));
        return run(cmd, proxy);
    }

    static Run gfal(String program, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(require(program, "gfal2-util-scripts python3-gfal2-util gfal2-plugin-gridftp gfal2-plugin-file").toString());
        cmd.addAll(List.of(args));
        return run(cmd, TestPki.shared().proxy());
    }

    static Run run(List<String> cmd, Path proxy) throws IOException, InterruptedException {
        TestPki pki = TestPki.shared();
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("X509_USER_PROXY", proxy.toString());
        pb.environment().put("X509_CERT_DIR", pki.certDir().toString());
        pb.environment().put("X509_VOMS_DIR", pki.vomsDir().toString());
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
