package org.mdm.dicom.net;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The acceptor's side of an association, shared by our Store SCPs (the C-MOVE destination and
 * the push SCP): reading the A-ASSOCIATE-RQ, choosing the transfer syntax of each context,
 * answering C-ECHO.
 */
final class Acceptance {
    /** The largest A-ASSOCIATE-RQ read (128 contexts with several syntaxes each fit easily). */
    private static final int MAX_REQUEST = 1 << 20;

    /** A-ASSOCIATE-RJ result: rejected-permanent / rejected-transient (PS3.8 §9.3.4). */
    static final int REJECTED_PERMANENT = 1;
    static final int REJECTED_TRANSIENT = 2;
    /** Source: DICOM UL service-user, and service-provider (presentation related). */
    static final int SOURCE_USER = 1;
    static final int SOURCE_PROVIDER_PRESENTATION = 3;
    /** Reasons of the service-user: calling and called AE title not recognized. */
    static final int REASON_CALLING_AET = 3;
    static final int REASON_CALLED_AET = 7;
    /** Reason of the service-provider (presentation): local limit exceeded. */
    static final int REASON_LOCAL_LIMIT = 2;

    /** Presentation-context result: abstract syntax not supported (PS3.8 §9.3.3.2). */
    private static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;

    private Acceptance() {
    }

    /** Reads the peer's A-ASSOCIATE-RQ; null (after an A-ABORT) if the first PDU is anything else. */
    static AssociateRequest readRequest(DicomLink link) throws IOException {
        var in = link.input();
        int type = in.readUnsignedByte();
        in.readUnsignedByte();
        int len = in.readInt();
        if (type != Pdu.ASSOCIATE_RQ || len < 68 || len > MAX_REQUEST) {
            link.writer().tryWriteRaw(Pdu.abort(), 100);
            return null;
        }
        byte[] body = in.readNBytes(len);
        if (body.length < len) {
            throw new java.io.EOFException("connection closed during association negotiation");
        }
        return Pdu.decodeRequest(body);
    }

    /**
     * Answers every context whose abstract syntax {@code supported} accepts with its first
     * proposed transfer syntax (we keep bytes, not pixels, so any syntax will do and the peer
     * sends its objects unchanged); the others are refused.
     */
    static List<PresentationContext> firstSyntaxOfEach(AssociateRequest rq, Predicate<String> supported) {
        List<PresentationContext> answers = new ArrayList<>();
        for (PresentationContext pc : rq.contexts()) {
            boolean ok = !pc.abstractSyntax().isEmpty() && !pc.transferSyntaxes().isEmpty()
                    && supported.test(pc.abstractSyntax());
            answers.add(new PresentationContext(pc.id(), pc.abstractSyntax(),
                    ok ? List.of(pc.transferSyntax()) : List.of(), ok ? 0 : ABSTRACT_SYNTAX_NOT_SUPPORTED));
        }
        return answers;
    }

    /** Sends A-ASSOCIATE-AC with {@code answers} and records them on the link. */
    static void accept(DicomLink link, AssociateRequest rq, List<PresentationContext> answers, int maxPdu)
            throws IOException {
        link.writer().writeRaw(Pdu.encodeAccept(rq, answers, maxPdu));
        link.setAccepted(answers, rq.maxPduLength());
    }

    /** Answers a C-ECHO-RQ with success. */
    static void answerEcho(DicomLink link, Command rq) throws IOException {
        Command rsp = new Command().putString(Dimse.TAG_AFFECTED_SOP_CLASS, ContextPlan.VERIFICATION, (byte) 0)
                .putShort(Dimse.TAG_COMMAND_FIELD, Dimse.C_ECHO_RSP)
                .putShort(Dimse.TAG_MESSAGE_ID_RESPONDED, rq.getShort(Dimse.TAG_MESSAGE_ID, 0))
                .putShort(Dimse.TAG_DATA_SET_TYPE, Dimse.NO_DATA_SET)
                .putShort(Dimse.TAG_STATUS, Dimse.STATUS_SUCCESS);
        link.send(link.lastContext(), rsp, null);
    }
}
