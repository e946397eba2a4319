package org.mdm.se.srm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.se.gridftp.DoorFixture;
import org.mdm.se.gridftp.GridClients;
import org.mdm.se.gridftp.GridClients.Run;

/**
 * A study of two series: one of 1,205 entries, longer than one srmLs page of 1000, which gfal-ls
 * must page through (SRM_TOO_MANY_RESULTS, then offset and count), and one of 12 images brought
 * online in one bulk request by the gfal2 Python API.
 */
class SrmListingsAndBulkTest {
    static final String STUDY = SrmFixture.NS;
    static final String LONG = STUDY + "/series1";
    static final String SERIES = STUDY + "/series2";
    static final int ENTRIES = 1205;
    static final int IMAGES = 12;
    @TempDir
    static Path dir;
    static SrmFixture f;

    @BeforeAll
    static void start() throws Exception {
        f = new SrmFixture(dir);
        Set<String> user = Set.of(DoorFixture.PKI.userDn());
        f.names.directory(LONG, user);
        f.names.directory(SERIES, user);
        // Listed, never staged: their PFNs name nothing on disk.
        for (int i = 0; i < ENTRIES; i++) {
            f.names.file(LONG + "/e" + i + ".dcm", i, i, "file://" + f.se.root + "/none/e" + i + ".dcm", user);
        }
        for (int i = 0; i < IMAGES; i++) {
            f.se.file("img" + i + ".dcm", 1000 + i);
            f.names.file(SERIES + "/img" + i + ".dcm", 1000 + i, adler(f.se.root.resolve("img" + i + ".dcm")),
                    "file://" + f.se.root + "/img" + i + ".dcm", user);
        }
    }

    static long adler(Path p) throws Exception {
        java.util.zip.Adler32 a = new java.util.zip.Adler32();
        a.update(Files.readAllBytes(p));
        return a.getValue();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    @Test
    void gfalLsPagesThroughASeriesLongerThanOnePage() throws Exception {
        Run ls = GridClients.gfal("gfal-ls", f.surl(LONG));
        assertTrue(ls.ok(), ls.output());
        Set<String> names = new java.util.HashSet<>(ls.output().lines().map(String::strip).toList());
        for (int i = 0; i < ENTRIES; i++) {
            assertTrue(names.contains("e" + i + ".dcm"), "e" + i + ".dcm missing from " + names.size() + " names");
        }
        assertEquals(ENTRIES, ls.output().lines().filter(l -> l.contains(".dcm")).count());
    }

    @Test
    void gfalLsOfAStudyAndOfAFile() throws Exception {
        Run study = GridClients.gfal("gfal-ls", "-l", f.surl(STUDY));
        assertTrue(study.ok(), study.output());
        assertTrue(study.output().contains("series1") && study.output().contains("series2"), study.output());
        assertTrue(study.output().lines().filter(l -> l.contains("series")).allMatch(l -> l.startsWith("d")),
                study.output());
        Run file = GridClients.gfal("gfal-ls", "-l", f.surl(SERIES + "/img3.dcm"));
        assertTrue(file.ok(), file.output());
        assertTrue(file.output().contains("1003") && file.output().startsWith("-"), file.output());
    }

    @Test
    void pythonBulkBringOnlineOfASeries() throws Exception {
        Path script = dir.resolve("bulk_bring_online.py");
        try (InputStream in = getClass().getResourceAsStream("/gfal2/bulk_bring_online.py")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> cmd = new ArrayList<>(List.of(GridClients.require("python3", "python3-gfal2").toString(),
                script.toString(), "600"));
        for (int i = 0; i < IMAGES; i++) {
            cmd.add(f.surl(SERIES + "/img" + i + ".dcm"));
        }
        Run run = GridClients.run(cmd, DoorFixture.PKI.proxy());
        assertTrue(run.ok(), run.output());
        assertTrue(run.output().contains("online " + IMAGES) && run.output().contains("released " + IMAGES),
                run.output());
        f.awaitUnpinned();
        Run status = GridClients.gfal("gfal-xattr", f.surl(SERIES + "/img0.dcm"), "user.status");
        assertEquals("ONLINE_AND_NEARLINE", status.output().strip(), "staged copies stay in the spool, unpinned");
    }
}
