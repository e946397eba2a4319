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
    @ValueSource(strings = {"", "fetch", "spool", "spool ls", "spool evict", "config"})
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
    void unknownOptionIsAUsageError() {
        Run run = new Run("fetch", "--frobnicate");
        assertEquals(2, run.code);
    }
}
