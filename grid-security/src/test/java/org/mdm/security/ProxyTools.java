package org.mdm.security;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.mdm.security.testpki.TestPki;

/**
 * Proxies of the test PKI's user made by the real Debian tools: grid-proxy-init
 * (globus-proxy-utils) and voms-proxy-fake (voms-clients). A missing tool fails the calling test
 * with the line that installs it: these tools are the reference, not an optional extra. Shared
 * with other modules' tests through this module's test-jar.
 */
public final class ProxyTools {
    private ProxyTools() {
    }

    /** {@code grid-proxy-init <options>} of the test user into {@code out}. */
    public static Path gridProxyInit(TestPki pki, Path out, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("-cert", pki.userCert().toString(), "-key", pki.userKey().toString(),
                "-certdir", pki.certDir().toString(), "-out", out.toString()));
        run(pki, out, "grid-proxy-init", "globus-proxy-utils", args);
        return out;
    }

    /**
     * {@code voms-proxy-fake -rfc} of the test user into {@code out}, with an AC of the test VO
     * signed by the test VOMS server, then {@code options} (e.g. {@code -pastproxy}, {@code -pastac}).
     */
    public static Path vomsProxyFake(TestPki pki, Path out, String... options) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("-rfc", "-cert", pki.userCert().toString(),
                "-key", pki.userKey().toString(), "-hostcert", pki.vomsCert().toString(),
                "-hostkey", pki.vomsKey().toString(), "-voms", TestPki.VO, "-fqan", TestPki.FQANS.get(0),
                "-uri", TestPki.VOMS_HOST + ":" + TestPki.VOMS_PORT, "-certdir", pki.certDir().toString(),
                "-out", out.toString()));
        args.addAll(List.of(options));
        run(pki, out, "voms-proxy-fake", "voms-clients", args);
        return out;
    }

    private static void run(TestPki pki, Path out, String tool, String debianPackage, List<String> args)
            throws IOException, InterruptedException {
        if (!onPath(tool)) {
            throw new AssertionError(tool + " is missing: install it with 'apt-get install -y " + debianPackage
                    + "' (bin/mdm test installs it)");
        }
        List<String> cmd = new ArrayList<>(List.of(tool));
        cmd.addAll(args);
        Path log = out.resolveSibling(out.getFileName() + "." + tool + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(log.toFile());
        pb.environment().put("X509_CERT_DIR", pki.certDir().toString());
        pb.environment().put("X509_VOMS_DIR", pki.vomsDir().toString());
        pb.environment().put("HOME", out.getParent().toString()); // OpenSSL's .rnd goes here, not to ~
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(tool + " did not finish in 120 s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(tool + " failed:\n" + Files.readString(log));
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
