package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.Checksums;
import org.mdm.catalog.NsEntry;
import org.mdm.se.gridftp.GridClients;

/**
 * gfal2's SRM plugin against a real {@code mdm serve} whose catalogue {@code mdm register} filled
 * (a real Orthanc, three real key servers): a registered image copied cold and warm with its
 * ADLER32 checked, the series listed, and 50 researchers copying 50 distinct cold images at once
 * with no failure and nothing left pinned.
 */
class SrmRegisteredImagesTest {
    private static final int IMAGES = 51;

    @Test
    void gfalCopiesRegisteredImagesThroughSrm(@TempDir Path home) throws Exception {
        List<Path> files = RegistrationSites.copies(RegistrationSites.SAMPLES.resolve("CT_small.dcm"),
                home.resolve("batch"), IMAGES);
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys")); OrthancServer orthanc = OrthancServer.start()) {
            List<String> site = new ArrayList<>(RegistrationSites.options(home, "spool", keys, orthanc));
            site.addAll(List.of("-D", "se.mount.mdm.pfn=dicom://" + orthanc.aet() + "@127.0.0.1:" + orthanc.dicomPort()
                    + "/{study}/{series}/{sop}?transform=deid", "-D", "dicom.move.scp.port=0",
                    "-D", "se.access.log=" + home.resolve("access.log")));
            MdmCli register = MdmCli.run(with(site, "register", "--no-progress", home.resolve("batch").toString()));
            assertEquals(0, register.code(), register.out() + register.err());
            assertEquals(0, MdmCli.run(with(site, "spool", "evict", "--all")).code(), "cold: the dry runs' copies go");
            List<NsEntry> images = RegistrationSites.registeredImages(home);
            assertEquals(IMAGES, images.size());
            List<String> serveOptions = new ArrayList<>(site);
            serveOptions.addAll(List.of("-D", "se.access=dn:" + KeyServerTrio.PKI.userDn()));
            try (ServeProcess serve = ServeProcess.start(home, serveOptions)) {
                NsEntry first = images.get(0);
                byte[] cold = copy(serve, first, home.resolve("cold.out"));
                byte[] warm = copy(serve, first, home.resolve("warm.out"));
                assertArrayEquals(cold, warm, "the same sealed image, staged or from the spool");
                assertFalse(new String(cold, StandardCharsets.ISO_8859_1).contains("DICM"), "sealed, not DICOM in clear");
                GridClients.Run ls = GridClients.gfal("gfal-ls", "-l", serve.srm(first.path().parent().toString()));
                assertTrue(ls.ok(), ls.output());
                assertEquals(IMAGES, ls.output().lines().filter(l -> l.startsWith("-")).count(), ls.output());
                fiftyAtOnce(serve, images.subList(1, IMAGES), home);
                MdmCli status = MdmCli.run(with(site, "status"));
                assertTrue(status.out().contains("pinned") && status.out().matches("(?s).*\\bpinned\\W+0\\b.*"),
                        "nothing pinned once every copy released: " + status.out());
            }
            String access = Files.readString(home.resolve("access.log"));
            assertTrue(access.contains("DOOR=srm") && access.contains("OPERATION=srmPrepareToGet"), access);
        }
    }

    /** gfal-copy -K ADLER32 of {@code image} by its SURL; its bytes are the catalogue's size and checksum. */
    private static byte[] copy(ServeProcess serve, NsEntry image, Path out) throws Exception {
        GridClients.Run copy = GridClients.gfal("gfal-copy", "-K", "ADLER32", serve.srm(image.path().toString()),
                "file://" + out);
        assertTrue(copy.ok(), copy.output());
        byte[] bytes = Files.readAllBytes(out);
        assertEquals(image.size(), bytes.length, "the catalogue's size");
        Adler32 a = new Adler32();
        a.update(bytes);
        assertEquals(image.adler32(), Checksums.adler32Hex(a.getValue()), "the catalogue's ADLER32");
        return bytes;
    }

    private static void fiftyAtOnce(ServeProcess serve, List<NsEntry> images, Path home) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(images.size());
        try {
            List<Future<GridClients.Run>> runs = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                NsEntry image = images.get(i);
                Path out = home.resolve("concurrent-" + i + ".out");
                runs.add(pool.submit(() -> GridClients.gfal("gfal-copy", serve.srm(image.path().toString()),
                        "file://" + out)));
            }
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                GridClients.Run r = runs.get(i).get();
                if (!r.ok() || Files.size(home.resolve("concurrent-" + i + ".out")) != images.get(i).size()) {
                    failures.add(images.get(i).path() + ": " + r.output());
                }
            }
            assertEquals(List.of(), failures, "50 concurrent gfal-copy srm:// of cold images");
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<String> with(List<String> site, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(site);
        return all;
    }
}
