package org.mdm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** mdm query one-shot against real metadata services, configured as a site would configure it. */
class QueryCommandTest {
    @TempDir
    static Path dir;
    private static MetadataSite lyon;
    private static MetadataSite nice;

    @BeforeAll
    static void start() throws Exception {
        lyon = new MetadataSite("lyon", dir, 2, 1000);
        nice = new MetadataSite("nice", dir, 1, 1000);
    }

    @AfterAll
    static void stop() throws Exception {
        lyon.close();
        nice.close();
    }

    private record Run(int code, String out, String err) {
    }

    private static Run mdm(List<String> sites, String... args) {
        List<String> all = new ArrayList<>(List.of("query"));
        for (String s : sites) {
            all.addAll(List.of("-D", s));
        }
        all.addAll(List.of("-D", "grid.proxy=" + MetadataSite.PKI.proxy(), "-D", "grid.cert.dir="
                + MetadataSite.PKI.certDir(), "-D", "md.timeout.ms=1000"));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    private static String site(String name, MetadataSite s) {
        return "md.site." + name + "=localhost:" + s.port();
    }

    @Test
    void oneSiteAnswersUnlabelledWithItsWordsJoined() {
        Run r = mdm(List.of(site("lyon", lyon)), "getattr", "/mdm/IMAGE/" + MetadataSite.entry("lyon", 1), "nx",
                "SOPinsUID");
        assertEquals(0, r.code(), r.err());
        // One row a line: the value's line break and backslash are written as the wire escapes them.
        assertEquals(MetadataSite.entry("lyon", 1) + "\n257\ntwo\\nlines \\\\ and\\x04EOT\n", r.out());
    }

    @Test
    void aConditionGivenApartReachesTheServiceAsOneWord() {
        Run r = mdm(List.of(site("lyon", lyon)), "find", "/mdm/IMAGE", "nx > 256 and SOPinsUID like 'two%'");
        assertEquals(0, r.code(), r.err());
        assertEquals(MetadataSite.entry("lyon", 1) + "\n", r.out());
        r = mdm(List.of(site("lyon", lyon)), "find", "/mdm/IMAGE", "'nx > 256'");
        assertEquals(MetadataSite.entry("lyon", 1) + "\n", r.out(), "a word quoted as AMGA quotes stays as it is");
        assertEquals("selectattr /mdm/IMAGE:nx 'a\\\\b = \\'x y\\''", QueryCommand.line(List.of("selectattr",
                "/mdm/IMAGE:nx", "a\\b = 'x y'")), "backslashes and quotes escaped inside the quotes");
        assertEquals("find /mdm/IMAGE '\\'CT\\' = modality or modality = \\'MR\\''", QueryCommand.line(List.of("find",
                "/mdm/IMAGE", "'CT' = modality or modality = 'MR'")), "quotes at both ends are not one quoted word");
        assertEquals("find /mdm/IMAGE 'modality=\\'CT\\' and nx>256'", QueryCommand.line(List.of(
                "find /mdm/IMAGE 'modality=\\'CT\\' and nx>256'")), "one word is the whole line");
    }

    @Test
    void severalSitesAnswerLabelledInNameOrder() {
        Run r = mdm(List.of(site("nice", nice), site("lyon", lyon)), "find /mdm/IMAGE 'nx > 0'");
        assertEquals(0, r.code(), r.err());
        assertEquals("lyon: " + MetadataSite.entry("lyon", 0) + "\nlyon: " + MetadataSite.entry("lyon", 1) + "\nnice: "
                + MetadataSite.entry("nice", 0) + "\n", r.out());
        r = mdm(List.of(site("nice", nice), site("lyon", lyon)), "@nice", "pwd");
        assertEquals("/\n", r.out(), "one site asked: unlabelled");
    }

    @Test
    void aFailedSiteIsNamedOnStderrWithExitCodeOneWhileTheOthersAnswer() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 4, InetAddress.getLoopbackAddress())) {
            Run r = mdm(List.of(site("lyon", lyon), "md.site.mute=localhost:" + silent.getLocalPort()), "pwd");
            assertEquals(1, r.code());
            assertEquals("lyon: /\n", r.out());
            assertTrue(r.err().startsWith("mdm: site mute: localhost:" + silent.getLocalPort() + " did not complete"),
                    r.err());
        }
    }

    @Test
    void anErrorAnswerIsTheSitesFailure() {
        Run r = mdm(List.of(site("lyon", lyon)), "cd", "/mdm/NOWHERE");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("mdm: site lyon: localhost:" + lyon.port() + ": ") && r.err().contains("(code 1)"),
                r.err());
    }

    @Test
    void withoutSitesTheLocalServiceOnMdPortIsAsked() {
        Run r = mdm(List.of("md.port=" + nice.port()), "pwd");
        assertEquals(0, r.code(), r.err());
        assertEquals("/\n", r.out());
    }

    @Test
    void badSiteSettingsAreNamed() {
        Run r = mdm(List.of("md.site.lyon=nohostport"), "pwd");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("md.site.lyon") && r.err().contains("'nohostport' is not host:port"), r.err());
        r = mdm(List.of(site("lyon", lyon)), "@rome", "pwd");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no such site: rome (sites: lyon)"), r.err());
    }
}
