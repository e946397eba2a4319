package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.Checksums;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.NameSpace;
import org.mdm.catalog.NsEntry;
import org.mdm.catalog.NsPath;
import org.mdm.se.gridftp.GridClients;

/**
 * A real {@code mdm serve} reading the catalogue that {@code mdm register} filled (a real
 * Orthanc, three real key servers), used with the grid clients researchers have: registered
 * paths exist with the catalogue's size, checksum and rights, studies and series list, facts
 * come without staging, other paths do not exist, the hospital's own UIDs reach nothing unless a
 * mount opts in to template access, and a staged image that differs from its registration is
 * refused and logged by its name-space path.
 */
class ServeRegisteredImagesTest {
    private static final Path CT = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm");
    private static final String BASE = "/dpm/example.org/home/biomed/mdm";
    private static final String STRANGER = "/C=FR/O=MDM/OU=users/CN=Someone Else";

    /** One registered image: its name-space entry and the hospital's UIDs of the original. */
    private record Image(NsEntry entry, String studyUid, String seriesUid, String sopUid) {
        String path() {
            return entry.path().toString();
        }
    }

    @Test
    void theSeServesWhatIsRegisteredWithTheCataloguesFactsAndRights(@TempDir Path home) throws Exception {
        assertTrue(Files.isRegularFile(CT), "apt-get install python3-pydicom (bin/mdm test installs it)");
        Path batch = threeImagesOfOneSeries(home);
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys")); OrthancServer orthanc = OrthancServer.start()) {
            List<String> site = site(home, keys, orthanc);
            MdmCli register = MdmCli.run(with(site, "register", batch.toString()));
            assertEquals(0, register.code(), register.out() + register.err());
            assertEquals(0, MdmCli.run(with(site, "spool", "evict", "--all")).code(), "the dry runs' copies go");
            List<Image> images = registered(home, batch);
            Image good = images.get(0);
            Image denied = images.get(1);
            Image changed = images.get(2);
            sql(home, "UPDATE ns_entry SET owner_dn = ? WHERE path = ?", STRANGER, denied.path());

            byte[] sealed;
            try (ServeProcess serve = serve(home, site, false)) {
                factsAndListingsStageNothing(serve, site, good, images);
                metadataThroughMdmQuery(serve, site, good);
                sealed = download(serve, home, good);
                GridClients.Run refused = GridClients.gfal("gfal-stat", serve.gsiftp(denied.path()));
                assertTrue(!refused.ok() && refused.output().contains("Permission denied"), refused.output());
                GridClients.Run copy = GridClients.globusUrlCopy(KeyServerTrio.PKI.proxy(), serve.gsiftp(denied.path()),
                        "file://" + home.resolve("denied.out"));
                assertTrue(!copy.ok() && copy.output().contains("Permission denied"), copy.output());
                GridClients.Run unregistered = GridClients.gfal("gfal-stat", serve.gsiftp(good.entry().path().parent()
                        + "/2.25.1234"));
                assertTrue(!unregistered.ok() && unregistered.output().contains("No such file"), unregistered.output());
                GridClients.Run byHospitalUids = GridClients.gfal("gfal-stat", serve.gsiftp(hospitalPath(good)));
                assertTrue(!byHospitalUids.ok() && byHospitalUids.output().contains("No such file"),
                        "no template access by default: " + byHospitalUids.output());
                MdmCli ls = MdmCli.run(with(site, "ls", BASE));
                assertEquals(0, ls.code(), "the embedded catalogue is shared with the running SE: " + ls.err());
                assertEquals(1, ls.out().lines().count(), "the study: " + ls.out());
            }
            String accessLog = Files.readString(home.resolve("access.log"));
            assertTrue(accessLog.contains("FILE=\"" + good.path() + "\"") && accessLog.contains("CODE=226"), accessLog);
            assertFalse(accessLog.contains(good.sopUid()), "no hospital UID in the access log: " + accessLog);

            sql(home, "UPDATE ns_entry SET size = size + 1 WHERE path = ?", changed.path());
            try (ServeProcess serve = serve(home, site, true)) {
                GridClients.Run bad = GridClients.globusUrlCopy(KeyServerTrio.PKI.proxy(), serve.gsiftp(changed.path()),
                        "file://" + home.resolve("changed.out"));
                assertTrue(!bad.ok() && bad.output().contains("differs from the registered"), bad.output());
                Path viaTemplate = home.resolve("template.out");
                GridClients.Run template = GridClients.globusUrlCopy(KeyServerTrio.PKI.proxy(),
                        serve.gsiftp(hospitalPath(good)), "file://" + viaTemplate);
                assertTrue(template.ok(), "template access with se.mount.mdm.template=true: " + template.output());
                assertArrayEquals(sealed, Files.readAllBytes(viaTemplate), "the same sealed image either way");
                MdmCli spool = MdmCli.run(with(site, "spool", "ls"));
                assertTrue(spool.out().matches("(?s).*(^|\n)1 files,.*"), "the refused copy was evicted: " + spool.out());
            }
            String log = Files.readString(home.resolve("serve.log"));
            List<String> lines = log.lines().filter(l -> l.contains("differs from the registered")).toList();
            assertEquals(1, lines.size(), log);
            assertTrue(lines.get(0).contains(changed.path() + ": the staged copy") && lines.get(0).contains("evicted"),
                    lines.get(0));
            assertFalse(lines.get(0).contains(changed.sopUid()) || lines.get(0).contains("dicom://"), lines.get(0));
        }
    }

    /** SIZE-like facts and listings through gfal2 and globus-url-copy: the catalogue's, with nothing staged. */
    private static void factsAndListingsStageNothing(ServeProcess serve, List<String> site, Image good, List<Image> images)
            throws Exception {
        String series = good.entry().path().parent().toString();
        String study = good.entry().path().parent().parent().toString();
        GridClients.Run ls = GridClients.gfal("gfal-ls", "-l", serve.gsiftp(series));
        assertTrue(ls.ok(), ls.output());
        for (Image i : images) {
            assertTrue(ls.output().contains(i.entry().path().name()), "every image of the series: " + ls.output());
        }
        assertTrue(ls.output().contains(" " + good.entry().size() + " "), "its registered size: " + ls.output());
        GridClients.Run studyLs = GridClients.gfal("gfal-ls", serve.gsiftp(study));
        assertEquals(good.entry().path().parent().name(), studyLs.output().trim(), studyLs.output());
        GridClients.Run stat = GridClients.gfal("gfal-stat", serve.gsiftp(good.path()));
        assertTrue(stat.ok() && stat.output().contains("Size: " + good.entry().size()), stat.output());
        GridClients.Run sum = GridClients.gfal("gfal-sum", serve.gsiftp(good.path()), "ADLER32");
        assertTrue(sum.ok() && sum.output().contains(good.entry().adler32()), sum.output() + " vs "
                + good.entry().adler32());
        GridClients.Run list = GridClients.globusUrlCopy(KeyServerTrio.PKI.proxy(), "-list", serve.gsiftp(series + "/"));
        assertTrue(list.ok() && list.output().contains(good.entry().path().name()), list.output());
        MdmCli spool = MdmCli.run(with(site, "spool", "ls"));
        assertTrue(spool.out().matches("(?s).*(^|\n)0 files,.*"), "nothing was staged to answer: " + spool.out());
    }

    /** The registered image's metadata through the metadata service of this mdm serve, as mdm query asks it. */
    private static void metadataThroughMdmQuery(ServeProcess serve, List<String> site, Image good) {
        String entry = "guid:" + good.entry().guid();
        MdmCli query = MdmCli.run(with(site, "query", "-D", "md.port=" + serve.mdPort(), "getattr",
                "/mdm/IMAGE/" + entry, "nx", "ny"));
        assertEquals(0, query.code(), query.out() + query.err());
        List<String> rows = query.out().lines().toList();
        assertEquals(3, rows.size(), query.out());
        assertEquals(entry, rows.get(0));
        assertTrue(rows.get(1).matches("[1-9][0-9]*") && rows.get(2).matches("[1-9][0-9]*"), "nx, ny: " + rows);
        String study = good.entry().path().parent().parent().name();
        MdmCli joined = MdmCli.run(with(site, "query", "-D", "md.port=" + serve.mdPort(), "selectattr /mdm/IMAGE:FILE"
                + " /mdm/STUDY:date /mdm/SERIES:modality '/mdm/IMAGE:study=/mdm/STUDY:FILE and"
                + " /mdm/IMAGE:series=/mdm/SERIES:FILE and /mdm/IMAGE:FILE=\\'" + entry + "\\''"));
        assertEquals(0, joined.code(), joined.out() + joined.err());
        assertEquals(List.of(entry, "20040119", "CT"), joined.out().lines().toList(), "joined across the IMAGE, STUDY"
                + " and SERIES entries registration wrote (study " + study + ")");
    }

    private static byte[] download(ServeProcess serve, Path home, Image good) throws Exception {
        Path out = home.resolve("good.out");
        GridClients.Run copy = GridClients.globusUrlCopy(KeyServerTrio.PKI.proxy(), serve.gsiftp(good.path()),
                "file://" + out);
        assertTrue(copy.ok(), copy.output());
        byte[] bytes = Files.readAllBytes(out);
        assertEquals(good.entry().size(), bytes.length, "the catalogue's size");
        Adler32 a = new Adler32();
        a.update(bytes);
        assertEquals(good.entry().adler32(), Checksums.adler32Hex(a.getValue()), "the catalogue's ADLER32");
        assertFalse(new String(bytes, StandardCharsets.ISO_8859_1).contains("DICM"), "sealed, not DICOM in clear");
        return bytes;
    }

    private static String hospitalPath(Image i) {
        return BASE + "/" + i.studyUid() + "/" + i.seriesUid() + "/" + i.sopUid();
    }

    /** CT_small and two copies with new SOP Instance UIDs (dcmodify -gin): one study, one series. */
    private static Path threeImagesOfOneSeries(Path home) throws Exception {
        Path batch = Files.createDirectories(home.resolve("batch"));
        for (String name : List.of("a.dcm", "b.dcm", "c.dcm")) {
            Files.copy(CT, batch.resolve(name));
        }
        Process p = new ProcessBuilder("dcmodify", "-q", "-nb", "-gin", batch.resolve("b.dcm").toString(),
                batch.resolve("c.dcm").toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "dcmodify (apt-get install dcmtk): " + out);
        return batch;
    }

    /** The registered images in a.dcm, b.dcm, c.dcm order, found by the SOP Instance UID in their PFNs. */
    private static List<Image> registered(Path home, Path batch) throws Exception {
        Map<String, NsEntry> bySop = new HashMap<>();
        NameSpace ns = new NameSpace();
        try (CatalogDatabase db = CatalogDatabase.openH2(home.resolve("catalog"))) {
            for (NsEntry study : db.inTransaction(c -> ns.list(c, NsPath.parse(BASE)))) {
                for (NsEntry series : db.inTransaction(c -> ns.list(c, study.path()))) {
                    for (NsEntry image : db.inTransaction(c -> ns.list(c, series.path()))) {
                        String pfn = image.pfn().replaceAll("\\?.*", "");
                        bySop.put(pfn.substring(pfn.lastIndexOf('/') + 1), image);
                    }
                }
            }
        }
        List<Image> images = new ArrayList<>();
        for (String name : List.of("a.dcm", "b.dcm", "c.dcm")) {
            byte[] part10 = Files.readAllBytes(batch.resolve(name));
            String sop = Part10Bytes.parseWithPixelMed(part10);
            NsEntry entry = bySop.get(sop);
            assertTrue(entry != null, name + " registered: " + bySop.keySet());
            String[] pfn = entry.pfn().replaceAll("\\?.*", "").split("/");
            images.add(new Image(entry, pfn[pfn.length - 3], pfn[pfn.length - 2], sop));
        }
        return images;
    }

    /** One statement on the catalogue (the SE is stopped: embedded H2 serves one process). */
    private static void sql(Path home, String statement, String... values) throws Exception {
        try (CatalogDatabase db = CatalogDatabase.openH2(home.resolve("catalog"))) {
            int changed = db.inTransaction(c -> {
                try (PreparedStatement s = c.prepareStatement(statement)) {
                    for (int i = 0; i < values.length; i++) {
                        s.setString(i + 1, values[i]);
                    }
                    return s.executeUpdate();
                }
            });
            assertEquals(1, changed, statement);
        }
    }

    private static List<String> site(Path home, KeyServerTrio keys, OrthancServer orthanc) {
        List<String> all = new ArrayList<>(List.of("-D", "spool.dir=" + home.resolve("spool"), "-D", "spool.min.free=1M",
                "-D", "dicom.deid.secret.file=" + home.resolve("secret"), "-D", "catalog.db.dir=" + home.resolve("catalog"),
                "-D", "register.server=" + orthanc.aet() + "@127.0.0.1:" + orthanc.dicomPort(),
                "-D", "se.mount.mdm.pfn=dicom://" + orthanc.aet() + "@127.0.0.1:" + orthanc.dicomPort()
                        + "/{study}/{series}/{sop}?transform=deid",
                "-D", "se.access.log=" + home.resolve("access.log"), "-D", "dicom.move.scp.port=0",
                // Fresh key-server JVMs answer their first requests slowly on a loaded machine (as in the demo).
                "-D", "hydra.connect.timeout.ms=15000", "-D", "hydra.request.timeout.ms=15000"));
        all.addAll(keys.siteOptions());
        return all;
    }

    private static List<String> with(List<String> site, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(site);
        return all;
    }

    /** {@code mdm serve} on {@code site}, open to the test user, with template access or not. */
    private static ServeProcess serve(Path home, List<String> site, boolean templateAccess) throws Exception {
        return ServeProcess.start(home, with(site, "-D", "se.access=dn:" + KeyServerTrio.PKI.userDn(),
                "-D", "se.mount.mdm.template=" + templateAccess));
    }
}
