package org.mdm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CommandLineTest {

    private static final class Run {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code;

        Run(String... args) {
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            code = cl.execute(args);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fetch", "spool", "spool ls", "spool evict", "config", "eds keyid", "pki init"})
    void everyCommandHasHelp(String command) {
        String[] args = (command + " --help").trim().split(" ");
        Run run = new Run(args);
        assertEquals(0, run.code, run.err.toString());
        assertTrue(run.out.toString().startsWith("Usage: mdm"), run.out.toString());
    }

    @Test
    void configListsEveryKey() {
        Run run = new Run("-D", "dicom.calling.aet=XYZ", "config");
        assertEquals(0, run.code, run.err.toString());
        assertTrue(run.out.toString().contains("dicom.calling.aet=XYZ"));
        assertTrue(run.out.toString().contains("spool.capacity=10G"));
    }

    @Test
    void serveRefusesAnEmptyAccessListAndABadMountBeforeStartingAnything() {
        Run empty = new Run("serve");
        assertEquals(1, empty.code);
        assertTrue(empty.err.toString().contains("se.access is empty"), empty.err.toString());
        Run badMount = new Run("-D", "se.access=vo:biomed", "-D", "se.mount.x.path=relative/", "serve");
        assertEquals(1, badMount.code);
        assertTrue(badMount.err.toString().contains("se.mount"), badMount.err.toString());
        Run typo = new Run("-D", "se.acess=vo:biomed", "serve");
        assertEquals(1, typo.code);
        assertTrue(typo.err.toString().contains("se.acess"), "unknown keys outside se.mount.* are still errors: "
                + typo.err);
    }

    @Test
    void malformedPfnIsAClearErrorWithoutAStackTrace() {
        Run run = new Run("fetch", "dicom://ORTHANC@127.0.0.1:1/1.2/../1.2.3", "/tmp/x.dcm");
        assertEquals(1, run.code);
        assertTrue(run.err.toString().startsWith("mdm: Invalid"), run.err.toString());
        assertTrue(run.err.toString().contains("Series Instance UID"), run.err.toString());
        assertTrue(!run.err.toString().contains("\tat "), "no stack trace for a user error");
    }

    @Test
    void evictingAMalformedKeyIsAClearError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        Run run = new Run("-D", "spool.dir=" + dir, "-D", "spool.min.free=1M", "spool", "evict", "../etc");
        assertEquals(1, run.code);
        assertTrue(run.err.toString().startsWith("mdm: '../etc' is not a spool key"), run.err.toString());
    }

    @Test
    void fetchWithoutAHostCredentialSaysWhichKeysToSetBeforeAnyRetrieval(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) {
        Run run = new Run("-D", "spool.dir=" + dir.resolve("spool"), "-D", "spool.min.free=1M",
                "-D", "dicom.deid.secret.file=" + dir.resolve("secret"),
                "-D", "hydra.servers=https://localhost:1,https://localhost:2,https://localhost:3",
                "-D", "se.host.cert=" + dir.resolve("nocert.pem"), "-D", "se.host.key=" + dir.resolve("nokey.pem"),
                "fetch", "dicom://ORTHANC@127.0.0.1:1/1.2/1.2.3/1.2.3.4", dir.resolve("x.dcm").toString());
        assertEquals(1, run.code);
        String err = run.err.toString();
        assertTrue(err.contains("se.host.cert") && err.contains("nocert.pem") && err.contains("mdm pki init"), err);
        assertTrue(!err.contains("\tat "), "no stack trace for a configuration error");
        assertTrue(!java.nio.file.Files.exists(dir.resolve("x.dcm")));
    }

    @Test
    void keyIdIsTheDeidentifiedSopInstanceUidAndRefusesASeries(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) {
        String secret = "-Ddicom.deid.secret.file=" + dir.resolve("secret");
        Run one = new Run(secret, "eds", "keyid", "1.2.3/4.5.6/7.8.9", "7.8.9",
                "dicom://A@h:104/1.2.3/4.5.6/7.8.9?transform=deid");
        assertEquals(0, one.code, one.err.toString());
        String[] ids = one.out.toString().trim().split("\n");
        assertEquals(3, ids.length, one.out.toString());
        assertTrue(ids[0].matches("2\\.25\\.\\d{1,39}"), ids[0]);
        assertEquals(ids[0], ids[1]);
        assertEquals(ids[0], ids[2]);
        Run series = new Run(secret, "eds", "keyid", "dicom://A@h:104/1.2.3/4.5.6");
        assertEquals(1, series.code);
        assertTrue(series.err.toString().contains("names a series"), series.err.toString());
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run run = new Run("fetch", "--frobnicate");
        assertEquals(2, run.code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "fetch", "spool", "spool ls", "spool evict", "config", "eds", "eds register",
        "eds encrypt", "eds decrypt", "eds setacl", "eds getacl", "eds keyid", "hydra", "hydra serve", "pki",
        "pki init", "serve", "status", "ls", "stat", "md", "md getattr"})
    void helpWrapsAtSpacesAndNeverSplitsAKeyOrAUid(String command) {
        String[] args = (command + " --help").trim().split(" ");
        String help = new Run(args).out.toString();
        String[] lines = help.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            assertTrue(line.length() <= HelpLayout.WIDTH || !line.trim().contains(" "), "over 80 columns: " + line);
            if (i + 1 < lines.length) {
                String next = lines[i + 1].trim();
                String firstWord = next.split(" ", 2)[0];
                // "se." then "host.*," is a dotted name cut in two; "it." then "spool   Inspect" is not
                assertTrue(!line.matches(".*[a-z0-9]\\.$") || !firstWord.matches("[a-z0-9*].*[.*].*"),
                        "a dotted name split across lines in `mdm " + command + " --help`:\n" + line + "\n" + next);
            }
        }
        for (String key : MdmConfig.defaults().keySet()) {
            if (help.replaceAll("\\s+", " ").contains(key)) {
                assertTrue(help.contains(key), key + " is split across lines in `mdm " + command + " --help`");
            }
        }
    }

    @Test
    void theCommandListGivesAWholeSentencePerCommand() {
        String help = new Run("--help").out.toString();
        String list = help.substring(help.indexOf("Commands:"));
        for (String entry : list.split("\n(?=  \\S)")) {
            if (!entry.startsWith("Commands:")) {
                assertTrue(entry.trim().endsWith("."), "not a whole sentence: " + entry);
            }
        }
    }

    @Test
    void globalOptionsWorkAfterTheSubcommandToo() {
        Run after = new Run("config", "-D", "dicom.calling.aet=AFTER");
        assertEquals(0, after.code, after.err.toString());
        assertTrue(after.out.toString().contains("dicom.calling.aet=AFTER"), after.out.toString());
        Run nested = new Run("spool", "ls", "-D", "spool.dir=/nonexistent/\0");
        assertTrue(!nested.err.toString().contains("Unknown option"), nested.err.toString());
        Run serve = new Run("serve", "-D", "se.acess=vo:biomed");
        assertEquals(1, serve.code);
        assertTrue(serve.err.toString().contains("se.acess"), serve.err.toString());
    }

    @Test
    void aCommandThatFailsItsConfigurationCheckCreatesNoSecret(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) {
        java.nio.file.Path secret = dir.resolve("state").resolve("deid.secret");
        Run fetch = new Run("fetch", "-D", "dicom.deid.secret.file=" + secret, "-D", "hydra.servers=",
                "-D", "spool.dir=" + dir.resolve("spool"), "1.2.3/4.5.6", dir.resolve("out").toString());
        assertEquals(1, fetch.code);
        assertTrue(fetch.err.toString().contains("hydra.servers"), fetch.err.toString());
        Run keyid = new Run("eds", "keyid", "-D", "dicom.deid.secret.file=" + secret, "1.2.3", "nonsense");
        assertEquals(1, keyid.code);
        assertTrue(!java.nio.file.Files.exists(secret.getParent()), "nothing created by commands that failed");
        assertTrue(!java.nio.file.Files.exists(dir.resolve("spool")), "no spool created by a command that failed");
        Run ok = new Run("eds", "keyid", "-D", "dicom.deid.secret.file=" + secret, "1.2.3");
        assertEquals(0, ok.code, ok.err.toString());
        assertTrue(ok.err.toString().startsWith("mdm: created a new de-identification secret in " + secret),
                "a person is told to keep the new secret, without a log prefix: " + ok.err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"nonsense", "1.2.3", "1.2/3.4/5.6/7.8", "1.2/x.y"})
    void aBadFetchTargetIsQuotedAsTyped(String target) {
        Run run = new Run("fetch", target, "/tmp/never-written.dcm");
        assertEquals(1, run.code);
        assertTrue(run.err.toString().contains("'" + target + "'"), run.err.toString());
        assertTrue(!run.err.toString().contains("dicom://ORTHANC@"), "not the expanded PFN: " + run.err);
    }
}
