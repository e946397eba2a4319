package org.mdm.se.gridftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.zip.Adler32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.Checksums;
import org.slf4j.LoggerFactory;

/**
 * The door on an SE that reads a name space: facts from the catalogue without staging, listings
 * of study and series directories through the real clients, the catalogue's rights, no template
 * access by default, and a staged file that differs from its registration refused and evicted.
 */
class NameSpaceDoorTest {
    private static final String STUDY = DoorFixture.NS_MOUNT + "2.25.1";
    private static final String SERIES = STUDY + "/2.25.2";
    private static final String GOOD = SERIES + "/2.25.10";
    private static final String CHANGED = SERIES + "/2.25.11";
    private static final String HIDDEN = SERIES + "/2.25.12";

    @TempDir
    static Path dir;
    static DoorFixture fixture;
    static byte[] good;

    @BeforeAll
    static void start() throws Exception {
        FakeNameSpace names = new FakeNameSpace();
        fixture = DoorFixture.withNameSpace(dir, names);
        good = Files.readAllBytes(fixture.file("a.bin", 100_003));
        byte[] changed = Files.readAllBytes(fixture.file("b.bin", 5_000));
        fixture.file("c.bin", 10);
        fixture.file("unregistered.bin", 10);
        Set<String> user = Set.of(DoorFixture.PKI.userDn());
        for (String d : List.of("/", "/ns", STUDY, SERIES)) {
            names.directory(d, user);
        }
        String root = "file://" + fixture.root + "/";
        names.file(GOOD, good.length, adler32(good), root + "a.bin", user);
        names.file(CHANGED, changed.length + 1, adler32(changed), root + "b.bin", user);
        names.file(HIDDEN, 10, 1, root + "c.bin", Set.of("/C=FR/CN=Someone Else"));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static long adler32(byte[] bytes) {
        Adler32 a = new Adler32();
        a.update(bytes);
        return a.getValue();
    }

    private static String url(String path) {
        return "gsiftp://localhost:" + fixture.door.port() + path;
    }

    /** Empties the spool, so that a test can tell whether it staged anything. */
    private static void emptySpool() throws Exception {
        fixture.awaitIdle();
        for (org.mdm.api.spool.SpoolEntry e : fixture.spool.list()) {
            fixture.spool.evict(e.key());
        }
    }

    @Test
    void sizeMdtmMlstStatAndCksmComeFromTheCatalogueWithoutStaging() throws Exception {
        emptySpool();
        try (GsiFtpClient c = GsiFtpClient.login(fixture.door.port())) {
            assertEquals("213 " + good.length, c.command("SIZE " + GOOD).text());
            assertEquals("213 20260304050607", c.command("MDTM " + GOOD).text());
            assertEquals("213 " + Checksums.adler32Hex(adler32(good)), c.command("CKSM ADLER32 0 -1 " + GOOD).text());
            String mlst = c.command("MLST " + GOOD).text();
            assertTrue(mlst.contains("Type=file;Size=" + good.length + ";Modify=20260304050607;Perm=r;UNIX.mode=0600;"
                    + "UNIX.owner=/C=FR/O=MDM/OU=users/CN=Ann%20Owner;UNIX.group=biomed; " + GOOD), mlst);
            assertTrue(c.command("MLST " + SERIES).text().contains("Type=dir;Modify=20260304050607;Perm=el;UNIX.mode=0750;"),
                    "a directory");
            String stat = c.command("STAT " + GOOD).text();
            assertTrue(stat.contains("-rw-------   1 /C=FR/O=MDM/OU=users/CN=Ann%20Owner biomed         100003 Mar 04"
                    + " 05:06 2.25.10"), stat);
            assertTrue(c.command("STAT " + STUDY).text().contains("drwxr-x---"), "a directory");
        }
        assertTrue(fixture.spool.list().isEmpty(), "nothing was staged: " + fixture.spool.list());
    }

    @Test
    void listNlstAndMlsdListASeriesAndAStudy() throws Exception {
        emptySpool();
        try (GsiFtpClient c = GsiFtpClient.login(fixture.door.port())) {
            assertEquals("2.25.10\r\n2.25.11\r\n2.25.12\r\n", text(c.receive("NLST " + SERIES)));
            String mlsd = text(c.receive("MLSD " + SERIES));
            assertTrue(mlsd.startsWith("Type=file;Size=" + good.length + ";") && mlsd.contains("; 2.25.10\r\n")
                    && mlsd.split("\r\n").length == 3, mlsd);
            String list = text(c.receive("LIST -la " + STUDY));
            assertTrue(list.startsWith("drwxr-x---   1 ") && list.endsWith(" 2.25.2\r\n"), list);
            assertEquals("2.25.1\r\n", text(c.receive("NLST " + DoorFixture.NS_MOUNT)), "the base");
            assertEquals(250, c.command("CWD " + SERIES).code());
            assertTrue(text(c.receive("NLST")).contains("2.25.10"), "the working directory");
        }
        assertTrue(fixture.spool.list().isEmpty(), "a listing stages nothing");
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void gfalAndGlobusUrlCopyListAndStatRegisteredPaths() throws Exception {
        emptySpool();
        GridClients.Run ls = GridClients.gfal("gfal-ls", "-l", url(SERIES));
        assertTrue(ls.ok() && ls.output().contains("2.25.10") && ls.output().contains(Long.toString(good.length))
                && ls.output().contains("-rw-------"), ls.output());
        GridClients.Run study = GridClients.gfal("gfal-ls", url(STUDY));
        assertTrue(study.ok() && study.output().trim().equals("2.25.2"), study.output());
        GridClients.Run stat = GridClients.gfal("gfal-stat", url(GOOD));
        assertTrue(stat.ok() && stat.output().contains("Size: " + good.length) && stat.output().contains("regular file"),
                stat.output());
        GridClients.Run sum = GridClients.gfal("gfal-sum", url(GOOD), "ADLER32");
        assertTrue(sum.ok() && sum.output().contains(Checksums.adler32Hex(adler32(good))), sum.output());
        GridClients.Run list = GridClients.globusUrlCopy(DoorFixture.PKI.proxy(), "-list", url(SERIES + "/"));
        assertTrue(list.ok() && list.output().contains("2.25.10") && list.output().contains("2.25.12"), list.output());
        GridClients.Run parallel = GridClients.globusUrlCopy(DoorFixture.PKI.proxy(), "-p", "2", "-list",
                url(SERIES + "/"));
        assertTrue(parallel.ok() && parallel.output().contains("2.25.11"), "in extended block mode: " + parallel.output());
        assertTrue(fixture.spool.list().isEmpty(), "nothing was staged: " + fixture.spool.list());
        Path out = dir.resolve("good.out");
        GridClients.Run copy = GridClients.globusUrlCopy(DoorFixture.PKI.proxy(), url(GOOD), "file://" + out);
        assertTrue(copy.ok(), copy.output());
        assertArrayEquals(good, Files.readAllBytes(out));
    }

    @Test
    void theCataloguesRightsDecideAndUnregisteredPathsDoNotExist() throws Exception {
        GridClients.Run hidden = GridClients.gfal("gfal-stat", url(HIDDEN));
        assertTrue(!hidden.ok() && hidden.output().contains("Permission denied"), hidden.output());
        try (GsiFtpClient c = GsiFtpClient.login(fixture.door.port())) {
            c.command("DCAU N");
            c.passive();
            GsiFtpClient.Answer retr = c.command("RETR " + HIDDEN);
            assertTrue(retr.code() == 550 && retr.text().contains("Permission denied"), retr.text());
            GsiFtpClient.Answer unregistered = c.command("SIZE " + DoorFixture.NS_MOUNT + "unregistered.bin");
            assertTrue(unregistered.code() == 550 && unregistered.text().contains("No such file"),
                    "no template access without the opt-in: " + unregistered.text());
            c.passive();
            assertEquals(550, c.command("RETR " + DoorFixture.NS_MOUNT + "unregistered.bin").code());
        }
        GridClients.Run missing = GridClients.gfal("gfal-stat", url(SERIES + "/2.25.99"));
        assertTrue(!missing.ok() && missing.output().contains("No such file"), missing.output());
    }

    @Test
    void aStagedFileThatDiffersFromItsRegistrationIsRefusedLoggedAndEvicted() throws Exception {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        Logger logger = (Logger) LoggerFactory.getLogger("org.mdm.se.Registered");
        logger.addAppender(log);
        try (GsiFtpClient c = GsiFtpClient.login(fixture.door.port())) {
            c.command("TYPE I");
            c.command("DCAU N");
            c.passive();
            GsiFtpClient.Answer retr = c.command("RETR " + CHANGED);
            assertEquals(451, retr.code(), retr.text());
            assertTrue(retr.text().contains(CHANGED) && retr.text().contains("differs from the registered"),
                    retr.text());
        } finally {
            logger.detachAppender(log);
        }
        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith(CHANGED + ": the staged copy (5000 bytes") && lines.get(0).contains("5001 bytes")
                && lines.get(0).contains("evicted"), lines.get(0));
        assertFalse(lines.get(0).contains(fixture.root.toString()), "no PFN: " + lines.get(0));
        fixture.awaitIdle();
        assertTrue(fixture.spool.list().stream().noneMatch(e -> e.size() == 5000), "the copy left the spool: "
                + fixture.spool.list());
    }
}
