package org.mdm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.md.client.Sites;
import org.mdm.md.client.Timeouts;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;

/** The mdm query shell driven through a JLine dumb terminal over piped input, against two real sites. */
class QueryShellTest {
    @TempDir
    static Path dir;
    private static MetadataSite lyon;
    private static MetadataSite nice;
    private static GridTrust trust;

    @BeforeAll
    static void start() throws Exception {
        lyon = new MetadataSite("lyon", dir, 2, 1000);
        nice = new MetadataSite("nice", dir, 1, 1000);
        trust = GridTrust.fromDirectory(MetadataSite.PKI.certDir());
    }

    @AfterAll
    static void stop() throws Exception {
        lyon.close();
        nice.close();
        trust.close();
    }

    /** Runs the shell over {@code input} with site lyon; returns what it printed. */
    private static String shell(String input, Path history) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Sites sites = new Sites(Credentials.loadProxy(MetadataSite.PKI.proxy()), trust,
                new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(20)));
                Terminal terminal = new DumbTerminal("test", "dumb",
                        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, StandardCharsets.UTF_8)) {
            sites.add("lyon", lyon.endpoint());
            assertEquals(0, new QueryShell(sites, terminal, history).run());
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void promptsRunsCommandsOnTheSitesAndManagesSites() throws Exception {
        Path history = dir.resolve("home1/.mdm/query_history");
        String out = shell(String.join("\n", "pwd", "site add nice localhost:" + nice.port(), "site ls",
                "find /mdm/IMAGE 'nx != 0'", "@nice pwd", "site rm lyon", "site ls", "@lyon pwd", "help",
                "exit", "pwd") + "\n", history);
        assertTrue(out.startsWith("Query> "), out);
        assertTrue(out.startsWith("Query> /\n"), "one site: rows unlabelled\n" + out);
        assertTrue(out.contains("lyon localhost:" + lyon.port() + "\nnice localhost:" + nice.port() + "\n"), out);
        assertTrue(out.contains("lyon: " + MetadataSite.entry("lyon", 0) + "\nlyon: " + MetadataSite.entry("lyon", 1)
                + "\nnice: " + MetadataSite.entry("nice", 0) + "\n"), "two sites: labelled, in name order\n" + out);
        assertTrue(out.contains("nice: " + MetadataSite.entry("nice", 0) + "\nQuery> /\n"), "@nice: one site\n" + out);
        assertTrue(out.contains("error: no such site: lyon (sites: nice)"), out);
        assertTrue(out.contains("site add NAME HOST:PORT"), "help\n" + out);
        assertEquals(10, out.split("Query> ", -1).length - 1, "a prompt per line up to exit\n" + out);
    }

    @Test
    void historyIsKeptInItsOwnerOnlyFile() throws Exception {
        Path history = dir.resolve("home2/.mdm/query_history");
        shell("pwd\ncd /mdm\n", history);
        List<String> lines = Files.readAllLines(history);
        assertEquals(2, lines.size(), lines.toString());
        assertTrue(lines.get(0).endsWith("pwd") && lines.get(1).endsWith("cd /mdm"), lines.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(history)));
        shell("whoami\n", history);
        assertEquals(3, Files.readAllLines(history).size(), "a later shell adds to it");
    }

    @Test
    void conditionsWithBangsAndQuotesReachTheServerAsTyped() throws Exception {
        String out = shell("find /mdm/IMAGE 'nx != 256 and modality = \\'CT\\''\n", dir.resolve("h3"));
        assertEquals("Query> " + MetadataSite.entry("lyon", 1) + "\nQuery> ", out);
    }

    @Test
    void badInputIsAnErrorLineAndTheShellGoesOn() throws Exception {
        String out = shell("site add\nsite add x nohostport\nfrobnicate\n@ pwd\npwd\n", dir.resolve("h4"));
        assertTrue(out.contains("Missing required parameters"), out);
        assertTrue(out.contains("'nohostport' is not host:port"), out);
        assertTrue(out.contains("(code 9)"), out);
        assertTrue(out.contains("needs site names and a command"), out);
        assertTrue(out.endsWith("/\nQuery> "), out);
    }
}
