package org.mdm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.MetadataCatalogue;
import org.mdm.catalog.NameSpace;
import org.mdm.catalog.NewFile;
import org.mdm.catalog.NsPath;
import org.mdm.catalog.NsStatus;
import picocli.CommandLine;

/** mdm ls, stat and md getattr on a catalogue the test fills through the catalogue's own API. */
class CatalogCommandsTest {
    private static final String SERIES = "/dpm/example.org/home/biomed/mdm/2.25.1/2.25.2";
    private static final String GUID = "6f1c2d9e-0b7a-4f7e-9d1a-1e2f3a4b5c6d";

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run mdm(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-D", "catalog.db.dir=" + dir.resolve("catalog")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(all.toArray(String[]::new)), out.toString(), err.toString());
    }

    @BeforeEach
    void fill() throws Exception {
        NameSpace ns = new NameSpace();
        MetadataCatalogue md = new MetadataCatalogue();
        try (CatalogDatabase db = CatalogDatabase.openH2(dir.resolve("catalog"))) {
            db.inTransaction(c -> {
                ns.mkdirs(c, NsPath.parse(SERIES), "/CN=Owner", "biomed", 0750);
                for (String sop : List.of("2.25.4", "2.25.3")) {
                    NsPath p = NsPath.parse(SERIES + "/" + sop);
                    ns.create(c, new NewFile(p, "/CN=Owner", "biomed", 0640, 34870, "3b24b43f",
                            "dicom://ORTHANC@127.0.0.1:4242/1.2/3.4/5.6?transform=deid", GUID));
                    ns.setStatus(c, p, NsStatus.ONLINE);
                }
                md.addEntry(c, "/mdm/IMAGE", "guid:" + GUID, "/CN=Owner",
                        Map.of("nx", "256", "ny", "256", "SOPinsUID", "2.25.3"));
                return null;
            });
        }
    }

    @Test
    void lsListsByNameAndLongFormShowsSizeAndChecksum() {
        Run ls = mdm("ls", SERIES);
        assertEquals(0, ls.code(), ls.err());
        assertEquals("2.25.3\n2.25.4\n", ls.out());
        Run longForm = mdm("ls", "-l", SERIES + "/");
        assertTrue(longForm.out().startsWith("-rw-r----- online          34870 3b24b43f "), longForm.out());
        Run parent = mdm("ls", "/dpm/example.org/home/biomed/mdm/2.25.1");
        assertEquals("2.25.2/\n", parent.out());
    }

    @Test
    void statShowsOwnerPfnAndGuid() {
        Run stat = mdm("stat", SERIES + "/2.25.3");
        assertEquals(0, stat.code(), stat.err());
        assertTrue(stat.out().contains("owner: /CN=Owner") && stat.out().contains("pfn: dicom://")
                && stat.out().contains("guid: " + GUID), stat.out());
    }

    @Test
    void getattrPrintsOneValuePerLineInTheOrderAsked() {
        Run get = mdm("md", "getattr", "/mdm/IMAGE/guid:" + GUID, "nx", "ny", "SOPinsUID", "modality");
        assertEquals(0, get.code(), get.err());
        assertEquals("256\n256\n2.25.3\n\n", get.out());
    }

    @Test
    void whatIsNotThereIsAOneLineError() {
        Run missing = mdm("ls", SERIES + "/nope");
        assertEquals(1, missing.code());
        assertTrue(missing.err().startsWith("mdm: No directory " + SERIES + "/nope"), missing.err());
        Run relative = mdm("stat", "dpm/x");
        assertEquals(1, relative.code());
        assertTrue(relative.err().contains("absolute"), relative.err());
        Run unknown = mdm("md", "getattr", "/mdm/IMAGE/guid:" + GUID, "colour");
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("no attribute 'colour'"), unknown.err());
        Run noEntry = mdm("md", "getattr", "/mdm/IMAGE/guid:other", "nx");
        assertEquals(1, noEntry.code());
        assertTrue(noEntry.err().contains("No metadata entry"), noEntry.err());
    }
}
