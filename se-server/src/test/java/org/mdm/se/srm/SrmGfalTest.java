package org.mdm.se.srm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.se.gridftp.GridClients;
import org.mdm.se.gridftp.GridClients.Run;

/** gfal2's SRM plugin, the real client, against the SRM door: what a researcher types. */
class SrmGfalTest {
    @TempDir
    static Path dir;
    static SrmFixture f;
    static Path a;
    static Path b;

    @BeforeAll
    static void start() throws Exception {
        f = new SrmFixture(dir);
        a = f.file("a.dcm", 3_000_000);
        b = f.file("b.dcm", 123_457);
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void statListAndChecksumComeFromTheNameSpace() throws Exception {
        Run stat = GridClients.gfal("gfal-stat", f.surl(SrmFixture.NS + "/a.dcm"));
        assertTrue(stat.ok(), stat.output());
        assertTrue(stat.output().contains("3000000"), stat.output());
        Run ls = GridClients.gfal("gfal-ls", "-l", f.surl(SrmFixture.NS));
        assertTrue(ls.ok(), ls.output());
        assertTrue(ls.output().contains("a.dcm") && ls.output().contains("b.dcm"), ls.output());
        assertTrue(ls.output().contains("123457"), ls.output());
        Run sum = GridClients.gfal("gfal-sum", f.surl(SrmFixture.NS + "/b.dcm"), "ADLER32");
        assertTrue(sum.ok(), sum.output());
        assertTrue(sum.output().contains(SrmFixture.adler32(b)), sum.output());
    }

    @Test
    void copiesColdThenWarmWithChecksumAndLeavesNothingPinned() throws Exception {
        for (String round : new String[] {"cold", "warm"}) {
            Path out = dir.resolve("a-" + round + ".out");
            Run copy = GridClients.gfal("gfal-copy", "-K", "ADLER32", f.surl(SrmFixture.NS + "/a.dcm"),
                    "file://" + out);
            assertTrue(copy.ok(), round + ": " + copy.output());
            assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(out), round);
        }
        f.awaitUnpinned();
    }

    @Test
    void bringOnlineThenStatusIsOnlineUntilThePinExpires() throws Exception {
        Run bol = GridClients.gfal("gfal-bringonline", "--pin-lifetime", "10", f.surl(SrmFixture.NS + "/b.dcm"));
        assertTrue(bol.ok(), bol.output());
        Run status = GridClients.gfal("gfal-xattr", f.surl(SrmFixture.NS + "/b.dcm"), "user.status");
        assertTrue(status.ok(), status.output());
        assertEquals("ONLINE_AND_NEARLINE", status.output().strip(), status.output());
        assertEquals(1, f.srm.pinned(), "the bring-online pin is held");
        // gfal-bringonline never releases: the pin ends at its lifetime, and the spool file is free again.
        f.awaitUnpinned(java.time.Duration.ofSeconds(30));
    }

    @Test
    void writesAreRefusedAsReadOnly() throws Exception {
        Run rm = GridClients.gfal("gfal-rm", f.surl(SrmFixture.NS + "/b.dcm"));
        assertFalse(rm.ok(), rm.output());
        assertTrue(rm.output().contains("read-only"), rm.output());
        Run mkdir = GridClients.gfal("gfal-mkdir", f.surl(SrmFixture.NS + "/new"));
        assertFalse(mkdir.ok(), mkdir.output());
        assertTrue(mkdir.output().contains("read-only") || mkdir.output().contains("ermission"), mkdir.output());
        assertTrue(Files.exists(b));
    }
}
