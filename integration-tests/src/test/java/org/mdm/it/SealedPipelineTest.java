package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.SpoolFile;
import org.mdm.dicom.DicomPfn;
import org.mdm.dicom.net.CancelSignal;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.SealedFormat;

/**
 * Sealing in the retrieval pipeline with three real key servers: the spool holds only sealed
 * files, the researcher opens them with {@code mdm eds decrypt} and with the documented openssl
 * recipe, the SE needs read on each key, and the key servers may lose one of three.
 */
@ExtendWith(SharedOrthanc.class)
class SealedPipelineTest {

    private static SampleImages.Sample ct(SharedOrthanc.Fixture f) {
        return PipelineHarness.ctSmall(f);
    }

    @Test
    void theSpoolHoldsASealedFileThatTheResearcherOpensWithMdmAndWithOpenssl(SharedOrthanc.Fixture f,
            @TempDir Path dir) throws Exception {
        SampleImages.Sample ct = ct(f);
        try (PipelineHarness h = new PipelineHarness(dir.resolve("spool"), "100M", Map.of())) {
            String pfn = PipelineHarness.pfn(f.orthanc(), ct);
            Path sealed = dir.resolve("image.sealed");
            byte[] viaApi;
            try (SpoolFile file = h.stage(pfn).file()) {
                Files.copy(file.path(), sealed);
                viaApi = h.decrypt(file);
            }
            byte[] bytes = Files.readAllBytes(sealed);
            assertArrayEquals(SealedFormat.magic(), java.util.Arrays.copyOf(bytes, SealedFormat.magic().length));
            String keyId = SealedFormat.readHeader(sealed).keyId();
            assertEquals(h.keyId(pfn), keyId);

            AttributeList original = read(Files.readAllBytes(ct.keptFile()));
            String patientName = original.get(TagFromName.PatientName).getSingleStringValueOrEmptyString();
            assertFalse(patientName.isEmpty(), "the sample has a patient name to hide");
            assertFalse(contains(bytes, patientName.getBytes(StandardCharsets.US_ASCII)),
                    "the sealed file shows no patient name");
            assertFalse(contains(bytes, "DICM".getBytes(StandardCharsets.US_ASCII)), "no DICOM in clear");

            AttributeList deid = read(viaApi);
            assertEquals(keyId, deid.get(TagFromName.SOPInstanceUID).getSingleStringValueOrEmptyString(),
                    "the key id is the de-identified SOP Instance UID");
            assertEquals("YES", deid.get(TagFromName.PatientIdentityRemoved).getSingleStringValueOrEmptyString());

            Path viaMdm = dir.resolve("via-mdm.dcm");
            MdmCli run = mdm(h, "eds", "decrypt", keyId, sealed.toString(), viaMdm.toString());
            assertEquals(0, run.code(), run.err());
            assertArrayEquals(viaApi, Files.readAllBytes(viaMdm));

            Path viaOpenssl = dir.resolve("via-openssl.dcm");
            opensslRecipe(h, keyId, sealed, viaOpenssl);
            assertArrayEquals(viaApi, Files.readAllBytes(viaOpenssl));
        }
    }

    @Test
    void aSiteWithoutReadOnTheKeyIsDeniedBeforeRetrievalAndSpoolsNothing(SharedOrthanc.Fixture f,
            @TempDir Path dir) throws Exception {
        try (PipelineHarness h = new PipelineHarness(dir.resolve("spool"), "100M", Map.of())) {
            String pfn = PipelineHarness.pfn(f.orthanc(), ct(f));
            h.keys.registerPrivately(h.keyId(pfn));
            MdmException e = assertThrows(MdmException.class, () -> h.stageUnregistered(pfn));
            assertEquals(Status.AUTHORIZATION_FAILURE, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains("mdm eds setacl " + h.keyId(pfn)), e.getMessage());
            assertTrue(e.getMessage().contains(KeyServerTrio.PKI.hostDn()), e.getMessage());
            assertNothingSpooled(h, dir.resolve("spool"));
        }
    }

    @Test
    void aCallerWithoutReadOnTheKeyIsDeniedByEveryServerAndNothingIsDecrypted(SharedOrthanc.Fixture f,
            @TempDir Path dir) throws Exception {
        try (PipelineHarness h = new PipelineHarness(dir.resolve("spool"), "100M", Map.of())) {
            String pfn = PipelineHarness.pfn(f.orthanc(), ct(f));
            Path sealed = dir.resolve("image.sealed");
            try (SpoolFile file = h.stage(pfn).file()) {
                Files.copy(file.path(), sealed);
            }
            String keyId = h.keyId(pfn);
            // The researcher withdraws the SE's read right; the SE's identity then tries to open the file.
            MdmCli revoke = mdm(h, "eds", "setacl", keyId);
            assertEquals(0, revoke.code(), revoke.err());
            Path hostAsCaller = dir.resolve("host-as-proxy.pem");
            Files.writeString(hostAsCaller, Files.readString(KeyServerTrio.PKI.hostCert())
                    + Files.readString(KeyServerTrio.PKI.hostKey()));
            Path out = dir.resolve("stolen.dcm");
            MdmCli denied = mdm(h, "-D", "grid.proxy=" + hostAsCaller, "eds", "decrypt", keyId, sealed.toString(),
                    out.toString());
            assertEquals(1, denied.code(), denied.out() + denied.err());
            for (java.net.URI server : h.keys.uris()) {
                assertTrue(denied.err().contains(server.toString()), "every server named: " + denied.err());
            }
            assertTrue(denied.err().toLowerCase(java.util.Locale.ROOT).contains("denied"), denied.err());
            assertFalse(Files.exists(out), "nothing decrypted");
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith("stolen")).toList());
            }
        }
    }

    @Test
    void anUnregisteredImageIsNotFoundWithTheCommandThatRegistersIt(SharedOrthanc.Fixture f, @TempDir Path dir)
            throws Exception {
        try (PipelineHarness h = new PipelineHarness(dir.resolve("spool"), "100M", Map.of())) {
            String pfn = PipelineHarness.pfn(f.orthanc(), ct(f));
            MdmException e = assertThrows(MdmException.class, () -> h.stageUnregistered(pfn));
            assertEquals(Status.NOT_FOUND, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains("mdm eds register " + h.keyId(pfn)), e.getMessage());
            assertNothingSpooled(h, dir.resolve("spool"));
        }
    }

    @Test
    void aSeriesIsStagedWithItsKeysReadInBulkNotOneByOne(SharedOrthanc.Fixture f, @TempDir Path dir)
            throws Exception {
        List<SampleImages.Sample> series = f.samples().largestSeries();
        try (PipelineHarness h = new PipelineHarness(dir.resolve("spool"), "500M", Map.of())) {
            List<String> keyIds = new ArrayList<>();
            for (SampleImages.Sample s : series) {
                keyIds.add(h.keyId(PipelineHarness.pfn(f.orthanc(), s)));
            }
            h.keys.registerAllForSite(keyIds);
            SampleImages.Sample first = series.get(0);
            DicomPfn whole = DicomPfn.parse(org.mdm.api.Pfn.parse("dicom://" + f.orthanc().aet() + "@127.0.0.1:"
                    + f.orthanc().dicomPort() + "/" + first.studyUid() + "/" + first.seriesUid() + "?transform=deid"));
            java.util.Set<String> sealedWith = java.util.concurrent.ConcurrentHashMap.newKeySet();
            int n = h.backend.seriesFetch().fetch(whole, Duration.ofSeconds(120), CancelSignal.NEVER,
                    (image, file) -> sealedWith.add(SealedFormat.readHeader(file.path()).keyId()));
            assertEquals(series.size(), n);
            assertEquals(new java.util.HashSet<>(keyIds), sealedWith, "every image sealed with its own key");
            assertEquals(0, h.keys.requests("GET /v1/keys/{id}"), "no key was read on its own");
            long batches = h.keys.requests("POST /v1/batch/get");
            // One chunk of up to 100 keys per prefetch: k = 2 servers each, 3 if one was slow.
            long chunks = (n + 99) / 100;
            assertTrue(batches >= 2 * chunks && batches <= 3 * chunks, batches + " batch reads for " + n + " images");
        }
    }

    @Test
    void oneKeyServerDownStillSealsAndDecrypts(SharedOrthanc.Fixture f, @TempDir Path dir) throws Exception {
        try (PipelineHarness h = new PipelineHarness(dir.resolve("spool"), "100M", Map.of())) {
            String pfn = PipelineHarness.pfn(f.orthanc(), ct(f));
            h.register(pfn);
            h.keys.stop(1);
            try (SpoolFile file = h.stage(pfn).file()) {
                AttributeList deid = read(h.decrypt(file));
                assertEquals(h.keyId(pfn), deid.get(TagFromName.SOPInstanceUID).getSingleStringValueOrEmptyString());
            }
        }
    }

    @Test
    void twoKeyServersDownFailWithinFiveSecondsNamingThemAndSpoolNothing(SharedOrthanc.Fixture f,
            @TempDir Path dir) throws Exception {
        try (PipelineHarness h = new PipelineHarness(dir.resolve("spool"), "100M", Map.of())) {
            String pfn = PipelineHarness.pfn(f.orthanc(), ct(f));
            h.register(pfn);
            String down0 = h.keys.uris().get(0).toString();
            String down2 = h.keys.uris().get(2).toString();
            h.keys.stop(0);
            h.keys.stop(2);
            long t0 = System.nanoTime();
            MdmException e = assertThrows(MdmException.class, () -> h.stage(pfn));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms < 5000, "failed after " + ms + " ms");
            assertEquals(Status.PEER_UNAVAILABLE, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains(down0) && e.getMessage().contains(down2), e.getMessage());
            assertNothingSpooled(h, dir.resolve("spool"));
        }
    }

    @Test
    void aRebuiltKeyIsCachedSoARestageNeedsNoKeyServer(SharedOrthanc.Fixture f, @TempDir Path dir)
            throws Exception {
        try (PipelineHarness h = new PipelineHarness(dir.resolve("spool"), "100M", Map.of())) {
            String pfn = PipelineHarness.pfn(f.orthanc(), ct(f));
            byte[] first;
            org.mdm.api.spool.SpoolKey spooled;
            try (SpoolFile file = h.stage(pfn).file()) {
                first = Files.readAllBytes(file.path());
                spooled = file.key();
            }
            assertTrue(h.spool.evict(spooled));
            h.keys.stop(0);
            h.keys.stop(1);
            h.keys.stop(2);
            try (SpoolFile file = h.stage(pfn).file()) {
                assertArrayEquals(first, Files.readAllBytes(file.path()), "regenerated from the cached key, same bytes");
            }
            assertEquals(2, h.retriever().stats().retrievals(), "the second staging was cold");
        }
    }

    @Test
    void aWholeSeriesIsSealedImageByImage(SharedOrthanc.Fixture f, @TempDir Path dir) throws Exception {
        List<SampleImages.Sample> series = f.samples().largestSeries();
        try (PipelineHarness h = new PipelineHarness(dir.resolve("spool"), "500M", Map.of())) {
            for (SampleImages.Sample s : series) {
                h.register(PipelineHarness.pfn(f.orthanc(), s));
            }
            SampleImages.Sample any = series.get(0);
            DicomPfn seriesPfn = DicomPfn.parse("dicom://" + f.orthanc().aet() + "@127.0.0.1:"
                    + f.orthanc().dicomPort() + "/" + any.studyUid() + "/" + any.seriesUid() + "?transform=deid");
            List<String> opened = java.util.Collections.synchronizedList(new ArrayList<>());
            int received = h.backend.seriesFetch().fetch(seriesPfn, Duration.ofSeconds(60), CancelSignal.NEVER,
                    (image, file) -> {
                        try {
                            AttributeList deid = read(h.decrypt(file));
                            opened.add(deid.get(TagFromName.SOPInstanceUID).getSingleStringValueOrEmptyString());
                        } catch (Exception e) {
                            throw new MdmException(Status.INTERNAL_ERROR, "cannot open " + image + ": " + e, e);
                        }
                    });
            assertEquals(series.size(), received);
            List<String> expected = new ArrayList<>();
            for (SampleImages.Sample s : series) {
                expected.add(h.keyId(PipelineHarness.pfn(f.orthanc(), s)));
            }
            assertEquals(new java.util.TreeSet<>(expected), new java.util.TreeSet<>(opened));
        }
    }

    private static void assertNothingSpooled(PipelineHarness h, Path spoolDir) throws Exception {
        assertEquals(0, h.retriever().stats().retrievals(), "the DICOM server was not asked");
        assertEquals(0, h.spool.list().size());
        assertEquals(0, h.spool.used());
        try (Stream<Path> files = Files.walk(spoolDir)) {
            assertEquals(List.of(), files.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(".lock")).toList());
        }
    }

    private static MdmCli mdm(PipelineHarness h, String... args) {
        List<String> all = new ArrayList<>(h.keys.siteOptions());
        all.addAll(List.of(args));
        return MdmCli.run(all);
    }

    /**
     * Runs the openssl recipe of hydra-client/SEALED-FORMAT.md as written there, with the key
     * the researcher rebuilt from the key servers. Test-only exception to "keys never leave
     * memory": the recipe takes the key in hex in its environment.
     */
    private static void opensslRecipe(PipelineHarness h, String keyId, Path in, Path out) throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            fail("/usr/bin/openssl is missing: apt-get install openssl");
        }
        String doc = Files.readString(Path.of("../hydra-client/SEALED-FORMAT.md"));
        String block = doc.substring(doc.indexOf("<!-- recipe:begin -->"), doc.indexOf("<!-- recipe:end -->"));
        String recipe = block.substring(block.indexOf("```sh\n") + 6, block.lastIndexOf("```"));
        ImageKey key = h.keys.user().fetch(keyId);
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + recipe);
        try {
            pb.environment().put("KEY", HexFormat.of().formatHex(key.material()));
        } finally {
            key.destroy();
        }
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("IN", in.toString());
        pb.environment().put("OUT", out.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl recipe hung");
        assertEquals(0, p.exitValue(), "openssl recipe failed: " + output);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static AttributeList read(byte[] part10) throws Exception {
        AttributeList list = new AttributeList();
        try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(part10))) {
            list.read(in);
        }
        return list;
    }
}
