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
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.Checksums;
import org.mdm.catalog.NsEntry;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.Sealer;
import org.mdm.testing.GlobusGridFtpServer;

/**
 * {@code mdm cp}, the researcher's one step: a registered image copied by its logical name, its
 * SURL and its gsiftp:// URL from a real {@code mdm serve} (real Orthanc, three real key servers)
 * comes out as the same readable, de-identified DICOM file; a series copies with -r; --sealed
 * keeps the served bytes; a key server down does not matter (2 of 3); an existing file is not
 * overwritten; and the GridFTP client also reads from Debian's globus-gridftp-server, where a key
 * the user may not read stops the copy with nothing written.
 */
class CpTest {
    private static final String LFN_BASE = "/grid/biomed/mdm";
    private static final String ORIGINAL_NAME = "CompressedSamples^CT1";

    @Test
    void copiesRegisteredImagesInOneStep(@TempDir Path home) throws Exception {
        List<Path> series = RegistrationSites.copies(RegistrationSites.SAMPLES.resolve("CT_small.dcm"),
                home.resolve("batch"), 5);
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys")); OrthancServer orthanc = OrthancServer.start()) {
            List<String> site = new ArrayList<>(RegistrationSites.options(home, "spool", keys, orthanc));
            site.addAll(List.of("-D", "se.mount.mdm.pfn=dicom://" + orthanc.aet() + "@127.0.0.1:" + orthanc.dicomPort()
                    + "/{study}/{series}/{sop}?transform=deid", "-D", "dicom.move.scp.port=0",
                    "-D", "se.access=dn:" + KeyServerTrio.PKI.userDn()));
            try (ServeProcess serve = ServeProcess.start(home, site)) {
                List<String> registering = with(site, "-D", "register.surl=srm://localhost:" + serve.srmPort());
                MdmCli register = MdmCli.run(with(registering, "register", "--no-progress", home.resolve("batch")
                        .toString()));
                assertEquals(0, register.code(), register.out() + register.err());
                NsEntry image = RegistrationSites.registeredImages(home).get(0);
                String relative = image.path().toString().substring(RegistrationSites.BASE.length());
                String lfn = "lfn:" + LFN_BASE + relative;

                Path byLfn = home.resolve("by-lfn.dcm");
                MdmCli cp = MdmCli.run(with(site, "cp", lfn, byLfn.toString()));
                assertEquals(0, cp.code(), cp.out() + cp.err());
                byte[] plain = Files.readAllBytes(byLfn);
                assertDeidentifiedDicom(plain);
                Path bySurl = home.resolve("by-surl.dcm");
                assertEquals(0, MdmCli.run(with(site, "cp", serve.srm(image.path().toString()), bySurl.toString()))
                        .code());
                assertArrayEquals(plain, Files.readAllBytes(bySurl), "the same image by its SURL");
                Path byGsiftp = home.resolve("by-gsiftp.dcm");
                MdmCli direct = MdmCli.run(with(site, "cp", serve.gsiftp(image.path().toString()), byGsiftp.toString()));
                assertEquals(0, direct.code(), direct.err());
                assertArrayEquals(plain, Files.readAllBytes(byGsiftp), "the same image over GridFTP directly");

                MdmCli again = MdmCli.run(with(site, "cp", lfn, byLfn.toString()));
                assertEquals(1, again.code());
                assertTrue(again.err().contains("exists; remove it or use --force"), again.err());
                assertArrayEquals(plain, Files.readAllBytes(byLfn), "left as it was");

                Path sealed = home.resolve("sealed.bin");
                assertEquals(0, MdmCli.run(with(site, "cp", "--sealed", lfn, sealed.toString())).code());
                byte[] served = Files.readAllBytes(sealed);
                assertEquals(image.size(), served.length);
                assertEquals(image.adler32(), adler32(served));

                keys.stop(1);
                Path seriesDir = home.resolve("series");
                String seriesLfn = "lfn:" + LFN_BASE + relative.substring(0, relative.lastIndexOf('/'));
                MdmCli r = MdmCli.run(with(site, "cp", "-r", "--parallel", "3", seriesLfn, seriesDir.toString()));
                assertEquals(0, r.code(), "a key server down, 2 of 3 remain: " + r.out() + r.err());
                try (var files = Files.list(seriesDir)) {
                    List<Path> copied = files.toList();
                    assertEquals(series.size(), copied.size(), copied.toString());
                    for (Path p : copied) {
                        assertDeidentifiedDicom(Files.readAllBytes(p));
                    }
                }
                try (var left = Files.list(home)) {
                    assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(".sealed-")),
                            "no temporary file left");
                }
            }
        }
    }

    @Test
    void readsFromGlobusGridFtpServerAndNeedsReadOnTheKey(@TempDir Path home) throws Exception {
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys"));
                GlobusGridFtpServer globus = GlobusGridFtpServer.start(home.resolve("globus"),
                        KeyServerTrio.PKI.hostCert(), KeyServerTrio.PKI.hostKey(), KeyServerTrio.PKI.certDir(),
                        KeyServerTrio.PKI.userDn())) {
            byte[] plain = Files.readAllBytes(RegistrationSites.SAMPLES.resolve("CT_small.dcm"));
            Path original = Files.write(home.resolve("plain.dcm"), plain);
            keys.registerPrivately("cp-test-mine");
            Path mine = seal(keys, "cp-test-mine", original, home.resolve("mine.sealed"), true);
            Path theirs = seal(keys, "cp-test-theirs", original, home.resolve("theirs.sealed"), false);
            List<String> site = keys.siteOptions();

            Path out = home.resolve("out.dcm");
            MdmCli cp = MdmCli.run(with(site, "cp", "-p", "2", globus.url(mine), out.toString()));
            assertEquals(0, cp.code(), cp.out() + cp.err() + globus.log());
            assertArrayEquals(plain, Files.readAllBytes(out), "decrypted from globus-gridftp-server, 2 streams");

            Path denied = home.resolve("denied.dcm");
            MdmCli refused = MdmCli.run(with(site, "cp", globus.url(theirs), denied.toString()));
            assertEquals(1, refused.code());
            assertTrue(refused.err().contains("cannot rebuild its key"), refused.err());
            assertFalse(Files.exists(denied), "nothing written");
        }
    }

    /** Seals {@code plain} with key {@code keyId}: the user's own key, or one the SE made owner-only. */
    private static Path seal(KeyServerTrio keys, String keyId, Path plain, Path sealed, boolean users)
            throws Exception {
        ImageKey key = users ? keys.user().fetch(keyId) : ImageKey.generate(keyId);
        try {
            if (!users) {
                keys.hostOnly(key); // the SE's key: the user gets nothing on it
            }
            Sealer.seal(key, plain, sealed);
        } finally {
            key.destroy();
        }
        return sealed;
    }

    private static void assertDeidentifiedDicom(byte[] file) {
        assertTrue(file.length > 132 && new String(file, 128, 4, StandardCharsets.US_ASCII).equals("DICM"),
                "a DICOM Part 10 file");
        assertFalse(new String(file, StandardCharsets.ISO_8859_1).contains(ORIGINAL_NAME),
                "the patient's name is gone");
    }

    private static String adler32(byte[] bytes) {
        Adler32 a = new Adler32();
        a.update(bytes);
        return Checksums.adler32Hex(a.getValue());
    }

    private static List<String> with(List<String> site, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(site);
        return all;
    }
}
