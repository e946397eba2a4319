package org.mdm.dicom.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pieces of the C-GET fallback that need no server: the class query and the dedicated plan. */
class ClassFallbackCodecTest {
    private static final String RT_ION_PLAN = "1.2.840.10008.5.1.4.1.1.481.8";

    @Test
    void classQueryAsksForAnEmptySopClassUidAtImageLevel() {
        byte[] id = Identifier.encodeClassQuery("1.2.3", "1.2.3.4", "1.2.3.4.5");
        assertEquals(0x0008, Command.le16(id, 0));
        assertEquals(0x0016, Command.le16(id, 2), "(0008,0016) comes first");
        assertEquals(0, Command.le32(id, 4), "and is empty: a return key");
        assertTrue(new String(id, StandardCharsets.US_ASCII).contains("IMAGE "));
        assertEquals("", Identifier.sopClass(id, id.length), "an empty key reads as unknown class");
    }

    @Test
    void sopClassIsReadFromAResponseIdentifier() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        element(out, 0x0008, 0x0005, "ISO_IR 100");
        element(out, 0x0008, 0x0016, RT_ION_PLAN + "\0");
        element(out, 0x0008, 0x0018, "1.2.3.4.5\0");
        byte[] b = out.toByteArray();
        assertEquals(RT_ION_PLAN, Identifier.sopClass(b, b.length));
        ByteArrayOutputStream without = new ByteArrayOutputStream();
        element(without, 0x0008, 0x0018, "1.2.3.4.5\0");
        assertNull(Identifier.sopClass(without.toByteArray(), without.size()));
        assertNull(Identifier.sopClass(b, 20), "truncated: absent, not garbage");
    }

    @Test
    void dedicatedPlanOffersEveryTransferSyntaxInItsOwnContext() {
        AssociateRequest rq = ContextPlan.forClass("MDM", "ORTHANC", 1 << 16, RT_ION_PLAN);
        List<PresentationContext> storage = rq.contexts().stream()
                .filter(pc -> pc.abstractSyntax().equals(RT_ION_PLAN)).toList();
        assertEquals(TransferSyntaxes.ALL.size(), storage.size());
        for (PresentationContext pc : storage) {
            assertEquals(1, pc.transferSyntaxes().size(), "one syntax per context, so the server sends as stored");
        }
        assertEquals(TransferSyntaxes.ALL, storage.stream().map(PresentationContext::transferSyntax).toList());
        assertTrue(rq.contexts().stream().anyMatch(pc -> pc.abstractSyntax().equals(ContextPlan.STUDY_ROOT_GET)));
        assertTrue(rq.contexts().stream().anyMatch(pc -> pc.abstractSyntax().equals(ContextPlan.VERIFICATION)),
                "the pool's idle check needs C-ECHO");
        assertEquals(java.util.Set.of(RT_ION_PLAN), rq.scpRoleClasses());
    }

    private static void element(ByteArrayOutputStream out, int group, int element, String value) {
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        out.write(group & 0xff);
        out.write(group >> 8);
        out.write(element & 0xff);
        out.write(element >> 8);
        out.write(v.length & 0xff);
        out.write(v.length >> 8);
        out.write(0);
        out.write(0);
        out.writeBytes(v);
    }
}
