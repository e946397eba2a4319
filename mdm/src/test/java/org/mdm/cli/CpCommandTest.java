package org.mdm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.security.testpki.TestPki;
import picocli.CommandLine;

/**
 * {@code mdm cp} refusing what it cannot copy, before anything is transferred: each gets one
 * line naming the source and what to do, exit status 1, and no file at DEST. (Copies that work
 * are tested end to end in integration-tests' CpTest.)
 */
class CpCommandTest {
    private static final TestPki PKI = TestPki.shared();

    record Run(int code, String out, String err) {
    }

    private static Run cp(Path dir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("-D", "catalog.db.dir=" + dir.resolve("catalog"),
                "-D", "grid.proxy=" + PKI.proxy(), "-D", "grid.cert.dir=" + PKI.certDir(),
                "-D", "grid.vomsdir=" + PKI.vomsDir(), "-D", "hydra.servers=https://localhost:1,https://localhost:2,https://localhost:3",
                "-D", "cp.reply.timeout.seconds=5", "cp"));
        all.addAll(List.of(args));
        int code = cl.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void anUnknownSchemeIsNamed(@TempDir Path dir) {
        Run r = cp(dir, "ftp://example.org/x", dir.resolve("out").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("name the source as lfn:/grid/"), r.err());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void aLogicalNameNotInTheCatalogueIsNotFound(@TempDir Path dir) {
        Run r = cp(dir, "lfn:/grid/biomed/mdm/no/such/image", dir.resolve("out").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no such logical file or directory"), r.err());
    }

    @Test
    void aServerThatIsDownIsNamedWithItsPort(@TempDir Path dir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run r = cp(dir, "srm://localhost:" + port + "/dpm/x", dir.resolve("out").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("localhost:" + port) && r.err().contains("is the server up"), r.err());
        Run g = cp(dir, "gsiftp://localhost:" + port + "/dpm/x", dir.resolve("out").toString());
        assertEquals(1, g.code());
        assertTrue(g.err().contains("localhost:" + port), g.err());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void recursiveGsiftpIsRefusedWithTheWayOut(@TempDir Path dir) {
        Run r = cp(dir, "-r", "gsiftp://localhost:2811/dpm/x", dir.resolve("out").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("by its srm:// or lfn: name"), r.err());
    }
}
