package org.mdm.dicom.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Encoding and decoding of commands, identifiers and association PDUs. */
class ProtocolCodecTest {

    @Test
    void commandRoundTripsWithGroupLengthFirst() throws Exception {
        Command c = Command.request(Dimse.C_GET_RQ, 7, ContextPlan.STUDY_ROOT_GET, true).putShort(Dimse.TAG_PRIORITY, 0);
        byte[] bytes = c.encode();
        assertEquals(0, Command.le32(bytes, 0), "first tag is (0000,0000)");
        assertEquals(bytes.length - 12, Command.le32(bytes, 8), "group length counts the rest");
        Command d = Command.decode(bytes, bytes.length);
        assertEquals(Dimse.C_GET_RQ, d.field());
        assertEquals(7, d.getShort(Dimse.TAG_MESSAGE_ID, -1));
        assertEquals(ContextPlan.STUDY_ROOT_GET, d.getString(Dimse.TAG_AFFECTED_SOP_CLASS));
        assertTrue(d.hasDataSet());
    }

    @Test
    void truncatedCommandIsAProtocolError() {
        byte[] bytes = Command.request(Dimse.C_ECHO_RQ, 1, ContextPlan.VERIFICATION, false).encode();
        assertThrows(DicomProtocolException.class, () -> Command.decode(bytes, bytes.length - 3));
    }

    @Test
    void identifierIsSortedImplicitLittleEndianWithEvenValues() throws Exception {
        byte[] id = Identifier.encode("1.2.3", "1.2.3.4", "1.2.3.4.5");
        // (0008,0018) first, then (0008,0052) "IMAGE " padded with a space
        assertEquals(0x0008, Command.le16(id, 0));
        assertEquals(0x0018, Command.le16(id, 2));
        String text = new String(id, java.nio.charset.StandardCharsets.US_ASCII);
        assertTrue(text.contains("IMAGE "));
        assertEquals(0, id.length % 2);
        assertTrue(new String(Identifier.encode("1.2", "1.3", null), java.nio.charset.StandardCharsets.US_ASCII)
                .contains("SERIES"));
    }

    @Test
    void associateRequestDecodesToWhatWasEncoded() throws Exception {
        AssociateRequest rq = ContextPlan.forGet("MDM", "ORTHANC", 1 << 20);
        assertEquals(128, rq.contexts().size(), "the C-GET plan uses the whole budget of 128 contexts");
        byte[] pdu = Pdu.encodeRequest(rq);
        assertEquals(Pdu.ASSOCIATE_RQ, pdu[0]);
        AssociateRequest back = Pdu.decodeRequest(Arrays.copyOfRange(pdu, 6, pdu.length));
        assertEquals("MDM", back.callingAet());
        assertEquals("ORTHANC", back.calledAet());
        assertEquals(rq.contexts(), back.contexts());
        assertEquals(1 << 20, back.maxPduLength());
    }

    @Test
    void acceptDecodesResultsAndMaxLength() throws Exception {
        AssociateRequest rq = ContextPlan.forMove("MDM", "PACS", 16384);
        List<PresentationContext> answers = List.of(
                new PresentationContext(1, ContextPlan.VERIFICATION, List.of(TransferSyntaxes.IMPLICIT_LE), 0),
                new PresentationContext(3, ContextPlan.STUDY_ROOT_MOVE, List.of(), 3));
        byte[] pdu = Pdu.encodeAccept(rq, answers, 32768);
        Pdu.Accept ac = Pdu.decodeAccept(Arrays.copyOfRange(pdu, 6, pdu.length), rq);
        assertEquals(32768, ac.peerMaxPduLength());
        assertEquals(2, ac.contexts().size());
        assertTrue(ac.contexts().get(0).accepted());
        assertEquals(ContextPlan.STUDY_ROOT_MOVE, ac.contexts().get(1).abstractSyntax());
        assertEquals(3, ac.contexts().get(1).result());
    }

    @Test
    void rejectionIsExplained() {
        assertTrue(AssociationRejectedException.of(1, 1, 7).getMessage().contains("called AE title not recognized"));
        assertTrue(AssociationRejectedException.of(1, 1, 3).getMessage().contains("calling AE title not recognized"));
    }

    @Test
    void part10HeaderHasEvenLengthsAndCorrectGroupLength() {
        byte[] h = Part10.header("1.2.840.10008.5.1.4.1.1.2", "1.2.3", TransferSyntaxes.EXPLICIT_LE, "ORTHANC");
        assertArrayEquals("DICM".getBytes(java.nio.charset.StandardCharsets.US_ASCII), Arrays.copyOfRange(h, 128, 132));
        assertEquals(h.length - 144, Command.le32(h, 140));
        assertEquals(0, h.length % 2);
    }
}
