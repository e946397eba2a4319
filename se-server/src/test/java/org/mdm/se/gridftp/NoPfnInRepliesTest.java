package org.mdm.se.gridftp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mdm.se.gridftp.GsiFtpClient.expect;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.Status;

/**
 * No reply names a PFN: a backend's failures quote the PFN, and a DICOM PFN holds the DICOM
 * server's AE title, host and port and the hospital's UIDs. One session walks every path
 * command over every failure a backend can report (asynchronous staging failures and a refused
 * PFN through {@link TrapBackend}; a missing file, a symbolic link out of the root, a directory,
 * a path outside every mount and a climbing one through the file backend) and every reply line
 * is scanned; the real clients' output is scanned too.
 */
class NoPfnInRepliesTest {
    @TempDir
    static Path dir;
    static DoorFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = DoorFixture.withTrap(dir.resolve("door"), List.of("dn:" + DoorFixture.PKI.userDn()));
        fixture.file("small.bin", 1000);
        Files.createSymbolicLink(fixture.root.resolve("escape.bin"), Files.writeString(dir.resolve("outside.txt"), "x"));
        Files.createDirectories(fixture.root.resolve("subdir"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** What no reply may contain: the PFNs' parts and the file backend's root. */
    private static List<String> forbidden() throws Exception {
        return List.of(TrapBackend.SCHEME, TrapBackend.AET, TrapBackend.HOST, Integer.toString(TrapBackend.PORT),
                TrapBackend.STUDY_UID, "file://", fixture.root.toString(), fixture.root.toRealPath().toString());
    }

    private static List<String> failingPaths() {
        List<String> paths = new ArrayList<>();
        for (Status s : Status.values()) {
            paths.add(DoorFixture.TRAP_MOUNT + "1.2.3/" + s.name());
        }
        paths.addAll(List.of(DoorFixture.TRAP_MOUNT + "1.2.3/invalid", DoorFixture.TRAP_MOUNT + "1.2.3/4.5/too-many",
                "/data/missing.bin", "/data/escape.bin", "/data/subdir", "/elsewhere/x", "/data/../data/small.bin"));
        return paths;
    }

    @Test
    void noReplyOfASessionThatHitsEveryErrorPathNamesAPfnOrTheDicomServer() throws Exception {
        List<GsiFtpClient.Answer> answers = new ArrayList<>();
        try (GsiFtpClient c = GsiFtpClient.login(fixture.door.port())) {
            expect(200, c.command("TYPE I"));
            for (String path : failingPaths()) {
                for (String cmd : List.of("SIZE ", "MDTM ", "MLST ", "STAT ", "CKSM ADLER32 0 -1 ", "CWD ")) {
                    answers.add(failed(c.command(cmd + path), path));
                }
                expect(200, c.command("DCAU N"));
                c.passive();
                answers.add(failed(c.command("RETR " + path), path));
                expect(200, c.command("DCAU A"));
                c.passive();
                answers.add(failed(c.command("RETR " + path), path)); // no delegation: refused first
            }
        }
        assertTrue(answers.size() > 150, "every path and command was tried: " + answers.size());
        for (GsiFtpClient.Answer a : answers) {
            for (String bad : forbidden()) {
                assertFalse(a.text().contains(bad), "a reply names '" + bad + "': " + a.text());
            }
        }
    }

    @Test
    void theRealClientsPrintNoPfnEither() throws Exception {
        for (String path : List.of(DoorFixture.TRAP_MOUNT + "1.2.3/NOT_FOUND", DoorFixture.TRAP_MOUNT + "1.2.3/TIMEOUT",
                "/data/missing.bin", "/data/escape.bin")) {
            String url = "gsiftp://localhost:" + fixture.door.port() + path;
            GridClients.Run stat = GridClients.gfal("gfal-stat", url);
            GridClients.Run copy = GridClients.globusUrlCopy(DoorFixture.PKI.proxy(), url,
                    "file://" + dir.resolve("out.bin"));
            for (GridClients.Run run : List.of(stat, copy)) {
                assertFalse(run.ok(), run.output());
                assertTrue(run.output().contains(path), "the reply names the path asked for: " + run.output());
                // "file://" alone is allowed here: globus-url-copy prints its own destination URL.
                for (String bad : forbidden().stream().filter(f -> !f.equals("file://")).toList()) {
                    assertFalse(run.output().contains(bad), "the client shows '" + bad + "': " + run.output());
                }
            }
        }
    }

    /** A failure reply that names the path the client asked for (when it is one of ours). */
    private static GsiFtpClient.Answer failed(GsiFtpClient.Answer a, String path) {
        assertTrue(a != null && a.code() >= 400, path + ": " + (a == null ? "no reply" : a.text()));
        return a;
    }
}
