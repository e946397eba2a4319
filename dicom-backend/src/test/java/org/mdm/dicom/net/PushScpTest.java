package org.mdm.dicom.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The push SCP over loopback, with our own Store SCU as the sender and a recording handler (the
 * seam: MDM's registration is tested end to end with storescu and Orthanc in integration-tests).
 */
class PushScpTest {
    private static final Path SAMPLES = Path.of("/usr/lib/python3/dist-packages/pydicom/data/test_files");
    private static final String MODALITY = "MODALITY";

    /** A sample's SOP class, instance, syntax and data set (the bytes after the meta header). */
    private record Sample(String sopClass, String sopInstance, String syntax, byte[] part10, byte[] dataset) {
        static Sample of(String name) throws Exception {
            Path file = SAMPLES.resolve(name);
            if (!Files.isRegularFile(file)) {
                fail("Sample " + file + " is missing: apt-get install python3-pydicom");
            }
            byte[] bytes = Files.readAllBytes(file);
            AttributeList meta = new AttributeList();
            try (DicomInputStream in = new DicomInputStream(new ByteArrayInputStream(bytes))) {
                meta.readOnlyMetaInformationHeader(in);
            }
            int start = 132 + 12 + meta.get(TagFromName.FileMetaInformationGroupLength).getSingleIntegerValueOrDefault(0);
            return new Sample(text(meta, TagFromName.MediaStorageSOPClassUID),
                    text(meta, TagFromName.MediaStorageSOPInstanceUID), text(meta, TagFromName.TransferSyntaxUID), bytes,
                    Arrays.copyOfRange(bytes, start, bytes.length));
        }

        private static String text(AttributeList l, com.pixelmed.dicom.AttributeTag t) {
            return com.pixelmed.dicom.Attribute.getSingleStringValueOrEmptyString(l, t).trim();
        }

        void sendAs(String callingAet, PushScp scp) throws MdmException {
            new StoreScu(RetrieverConfig.defaults().withCallingAet(callingAet)).store(
                    new DicomNode(scp.aet(), "127.0.0.1", scp.port()), sopClass, sopInstance, syntax, dataset);
        }
    }

    private static PushScp start(PushHandler handler, int maxAssociations, long maxBytes) throws MdmException {
        return PushScp.start(new PushSettings("MDMPUSH", InetAddress.getLoopbackAddress(), 0, Set.of(MODALITY),
                maxAssociations, maxBytes, Duration.ofSeconds(30)), handler);
    }

    @Test
    void anImageFromAKnownAeIsHandedOverWholeAndAnsweredAfterTheHandlerReturned() throws Exception {
        Sample ct = Sample.of("CT_small.dcm");
        List<PushedObject> got = new CopyOnWriteArrayList<>();
        List<Boolean> handlerDone = new CopyOnWriteArrayList<>();
        try (PushScp scp = start(o -> {
            got.add(o);
            try { // some work before the handler returns, as registration does
                java.security.MessageDigest.getInstance("SHA-256").digest(o.part10());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            handlerDone.add(true);
        }, 2, 1 << 20)) {
            ct.sendAs(MODALITY, scp);
            assertEquals(List.of(true), handlerDone, "the C-STORE-RSP came after the handler returned");
        }
        PushedObject o = got.get(0);
        assertEquals(MODALITY, o.callingAet());
        assertEquals(ct.sopInstance(), o.sopInstanceUid());
        assertEquals(ct.syntax(), o.transferSyntax());
        byte[] tail = Arrays.copyOfRange(o.part10(), o.part10().length - ct.dataset().length, o.part10().length);
        assertArrayEquals(ct.dataset(), tail, "the data set as sent");
        assertEquals("DICM", new String(o.part10(), 128, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertTrue(o.describe().contains(MODALITY) && !o.describe().contains(ct.sopInstance()), o.describe());
    }

    @Test
    void anUnknownCallingAeIsRejectedAtAssociation() throws Exception {
        Sample ct = Sample.of("CT_small.dcm");
        List<PushedObject> got = new CopyOnWriteArrayList<>();
        try (PushScp scp = start(got::add, 2, 1 << 20)) {
            MdmException e = assertThrows(MdmException.class, () -> ct.sendAs("STRANGER", scp));
            assertTrue(e.getMessage().contains("permanent") && e.getMessage().contains("calling AE title not recognized"),
                    e.getMessage());
        }
        assertEquals(List.of(), got);
    }

    @Test
    void aHandlerFailureIsAnsweredWithTheStatusOfItsKind() throws Exception {
        Sample ct = Sample.of("CT_small.dcm");
        for (Status s : List.of(Status.PEER_UNAVAILABLE, Status.CORRUPT_DATA, Status.ALREADY_EXISTS)) {
            try (PushScp scp = start(o -> {
                throw new MdmException(s, "failed on purpose");
            }, 2, 1 << 20)) {
                MdmException e = assertThrows(MdmException.class, () -> ct.sendAs(MODALITY, scp));
                String expected = "0x" + Integer.toHexString(PushStatuses.of(s));
                assertTrue(e.getMessage().contains("status " + expected + ")"), s + ": " + e.getMessage());
            }
        }
        assertEquals(0xa700, PushStatuses.of(Status.PEER_UNAVAILABLE), "a retry later may work");
        assertEquals(0xc000, PushStatuses.of(Status.CORRUPT_DATA));
    }

    @Test
    void aNonImageObjectIsRefusedWithSopClassNotSupported() throws Exception {
        Sample sr = Sample.of("test-SR.dcm");
        List<PushedObject> got = new CopyOnWriteArrayList<>();
        try (PushScp scp = start(got::add, 2, 1 << 20)) {
            MdmException e = assertThrows(MdmException.class, () -> sr.sendAs(MODALITY, scp));
            assertTrue(e.getMessage().contains("status 0x122)"), e.getMessage());
        }
        assertEquals(List.of(), got);
    }

    @Test
    void anObjectOverTheSizeLimitIsReadPastAndRefused() throws Exception {
        Sample ct = Sample.of("CT_small.dcm");
        List<PushedObject> got = new CopyOnWriteArrayList<>();
        try (PushScp scp = start(got::add, 2, ct.dataset().length - 1)) {
            MdmException e = assertThrows(MdmException.class, () -> ct.sendAs(MODALITY, scp));
            assertTrue(e.getMessage().contains("status 0xa700)"), e.getMessage());
        }
        assertEquals(List.of(), got);
    }

    @Test
    void associationsOverTheLimitAreRejectedTransiently() throws Exception {
        Sample ct = Sample.of("CT_small.dcm");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (PushScp scp = start(o -> {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 1, 1 << 20)) {
            CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
                try {
                    ct.sendAs(MODALITY, scp);
                } catch (MdmException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(entered.await(30, TimeUnit.SECONDS), "the first object reached the handler");
            MdmException e = assertThrows(MdmException.class, () -> ct.sendAs(MODALITY, scp));
            assertTrue(e.getMessage().contains("transient") && e.getMessage().contains("local limit exceeded"),
                    e.getMessage());
            release.countDown();
            first.get(30, TimeUnit.SECONDS);
            while (scp.associations() > 0) { // the first sender's release ends its association
                Thread.sleep(10);
            }
            ct.sendAs(MODALITY, scp); // the slot is free again
        }
    }
}
