package org.mdm.dicom.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Encoding and decoding of the association-control PDUs of the DICOM upper layer (PS3.8 §9.3):
 * A-ASSOCIATE-RQ/AC/RJ, A-RELEASE-RQ/RP and A-ABORT. P-DATA is streamed by {@link PdvReader}
 * and {@link PduWriter} instead, to avoid copying image data.
 */
final class Pdu {
    static final int ASSOCIATE_RQ = 0x01;
    static final int ASSOCIATE_AC = 0x02;
    static final int ASSOCIATE_RJ = 0x03;
    static final int P_DATA_TF = 0x04;
    static final int RELEASE_RQ = 0x05;
    static final int RELEASE_RP = 0x06;
    static final int ABORT = 0x07;

    static final String APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";
    /** A UUID-derived UID (PS3.5 §B.2), so we need no registered root. */
    static final String IMPLEMENTATION_CLASS_UID = "2.25.229043815376421195625573049917617305118";
    static final String IMPLEMENTATION_VERSION = "MDM_NET_1";

    private Pdu() {
    }

    /** The whole A-ASSOCIATE-RQ PDU. */
    static byte[] encodeRequest(AssociateRequest rq) {
        ByteArrayOutputStream items = new ByteArrayOutputStream(8192);
        item(items, 0x10, ascii(APPLICATION_CONTEXT));
        for (PresentationContext pc : rq.contexts()) {
            ByteArrayOutputStream sub = new ByteArrayOutputStream();
            sub.write(pc.id());
            sub.write(0);
            sub.write(0);
            sub.write(0);
            item(sub, 0x30, ascii(pc.abstractSyntax()));
            for (String ts : pc.transferSyntaxes()) {
                item(sub, 0x40, ascii(ts));
            }
            item(items, 0x20, sub.toByteArray());
        }
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        item(user, 0x51, be32(rq.maxPduLength()));
        item(user, 0x52, ascii(IMPLEMENTATION_CLASS_UID));
        for (String sopClass : rq.scpRoleClasses()) {
            byte[] uid = ascii(sopClass);
            ByteArrayOutputStream role = new ByteArrayOutputStream();
            role.write(uid.length >> 8);
            role.write(uid.length);
            role.writeBytes(uid);
            role.write(1); // SCU role
            role.write(1); // SCP role: the server sends us C-STORE sub-operations
            item(user, 0x54, role.toByteArray());
        }
        item(user, 0x55, ascii(IMPLEMENTATION_VERSION));
        item(items, 0x50, user.toByteArray());
        return associatePdu(ASSOCIATE_RQ, rq.calledAet(), rq.callingAet(), items.toByteArray());
    }

    /** The whole A-ASSOCIATE-AC PDU answering {@code rq} with the given per-context results. */
    static byte[] encodeAccept(AssociateRequest rq, List<PresentationContext> answers, int maxPduLength) {
        ByteArrayOutputStream items = new ByteArrayOutputStream(4096);
        item(items, 0x10, ascii(APPLICATION_CONTEXT));
        for (PresentationContext pc : answers) {
            ByteArrayOutputStream sub = new ByteArrayOutputStream();
            sub.write(pc.id());
            sub.write(0);
            sub.write(pc.result());
            sub.write(0);
            item(sub, 0x40, ascii(pc.accepted() ? pc.transferSyntax() : "1.2.840.10008.1.2"));
            item(items, 0x21, sub.toByteArray());
        }
        ByteArrayOutputStream user = new ByteArrayOutputStream();
        item(user, 0x51, be32(maxPduLength));
        item(user, 0x52, ascii(IMPLEMENTATION_CLASS_UID));
        item(user, 0x55, ascii(IMPLEMENTATION_VERSION));
        item(items, 0x50, user.toByteArray());
        return associatePdu(ASSOCIATE_AC, rq.calledAet(), rq.callingAet(), items.toByteArray());
    }

    static byte[] reject(int result, int source, int reason) {
        return new byte[] {ASSOCIATE_RJ, 0, 0, 0, 0, 4, 0, (byte) result, (byte) source, (byte) reason};
    }

    static byte[] releaseRequest() {
        return new byte[] {RELEASE_RQ, 0, 0, 0, 0, 4, 0, 0, 0, 0};
    }

    static byte[] releaseResponse() {
        return new byte[] {RELEASE_RP, 0, 0, 0, 0, 4, 0, 0, 0, 0};
    }

    /** A-ABORT from the service user (source 0), no reason. */
    static byte[] abort() {
        return new byte[] {ABORT, 0, 0, 0, 0, 4, 0, 0, 0, 0};
    }

    /** Decoded A-ASSOCIATE-AC: the contexts (with results) and the peer's maximum PDU length. */
    record Accept(List<PresentationContext> contexts, int peerMaxPduLength) {
    }

    /** Decodes the body (after the 6-byte header) of an A-ASSOCIATE-AC. */
    static Accept decodeAccept(byte[] body, AssociateRequest rq) throws DicomProtocolException {
        List<PresentationContext> out = new ArrayList<>();
        int[] maxPdu = {0};
        forEachItem(body, 68, (type, b, off, len) -> {
            if (type == 0x21) {
                int id = b[off] & 0xff;
                int result = b[off + 2] & 0xff;
                String ts = firstSubItem(b, off + 4, off + len, 0x40);
                String as = rq.contexts().stream().filter(p -> p.id() == id).map(PresentationContext::abstractSyntax)
                        .findFirst().orElse("");
                out.add(new PresentationContext(id, as, ts == null ? List.of() : List.of(ts), result));
            } else if (type == 0x50) {
                forEachItem(b, off, off + len, (t2, b2, o2, l2) -> {
                    if (t2 == 0x51 && l2 == 4) {
                        maxPdu[0] = be32(b2, o2);
                    }
                });
            }
        });
        return new Accept(out, maxPdu[0]);
    }

    /** Decodes the body of an A-ASSOCIATE-RQ (we are the acceptor). */
    static AssociateRequest decodeRequest(byte[] body) throws DicomProtocolException {
        if (body.length < 68) {
            throw new DicomProtocolException("A-ASSOCIATE-RQ too short");
        }
        String called = new String(body, 4, 16, StandardCharsets.US_ASCII).trim();
        String calling = new String(body, 20, 16, StandardCharsets.US_ASCII).trim();
        List<PresentationContext> pcs = new ArrayList<>();
        Set<String> roles = new HashSet<>();
        int[] maxPdu = {0};
        forEachItem(body, 68, (type, b, off, len) -> {
            if (type == 0x20) {
                List<String> ts = new ArrayList<>();
                String[] as = {null};
                forEachItem(b, off + 4, off + len, (t2, b2, o2, l2) -> {
                    if (t2 == 0x30) {
                        as[0] = uid(b2, o2, l2);
                    } else if (t2 == 0x40) {
                        ts.add(uid(b2, o2, l2));
                    }
                });
                pcs.add(PresentationContext.proposal(b[off] & 0xff, as[0] == null ? "" : as[0], ts));
            } else if (type == 0x50) {
                forEachItem(b, off, off + len, (t2, b2, o2, l2) -> {
                    if (t2 == 0x51 && l2 == 4) {
                        maxPdu[0] = be32(b2, o2);
                    }
                });
            }
        });
        return new AssociateRequest(calling, called, pcs.size() > 128 ? pcs.subList(0, 128) : pcs, roles, maxPdu[0]);
    }

    private interface ItemVisitor {
        void visit(int type, byte[] b, int off, int len) throws DicomProtocolException;
    }

    private static void forEachItem(byte[] b, int start, ItemVisitor v) throws DicomProtocolException {
        forEachItem(b, start, b.length, v);
    }

    private static void forEachItem(byte[] b, int start, int end, ItemVisitor v) throws DicomProtocolException {
        int pos = start;
        while (pos + 4 <= end) {
            int type = b[pos] & 0xff;
            int len = (b[pos + 2] & 0xff) << 8 | (b[pos + 3] & 0xff);
            if (pos + 4 + len > end) {
                throw new DicomProtocolException("malformed association PDU item 0x" + Integer.toHexString(type));
            }
            v.visit(type, b, pos + 4, len);
            pos += 4 + len;
        }
    }

    private static String firstSubItem(byte[] b, int start, int end, int wanted) throws DicomProtocolException {
        String[] found = {null};
        forEachItem(b, start, end, (t, b2, o, l) -> {
            if (t == wanted && found[0] == null) {
                found[0] = uid(b2, o, l);
            }
        });
        return found[0];
    }

    private static String uid(byte[] b, int off, int len) {
        int end = off + len;
        while (end > off && (b[end - 1] == 0 || b[end - 1] == ' ')) {
            end--;
        }
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }

    private static byte[] associatePdu(int type, String called, String calling, byte[] items) {
        ByteArrayOutputStream pdu = new ByteArrayOutputStream(items.length + 80);
        int len = 68 + items.length;
        pdu.write(type);
        pdu.write(0);
        pdu.writeBytes(be32(len));
        pdu.write(0);
        pdu.write(1); // protocol version
        pdu.write(0);
        pdu.write(0);
        pdu.writeBytes(aeField(called));
        pdu.writeBytes(aeField(calling));
        pdu.writeBytes(new byte[32]);
        pdu.writeBytes(items);
        return pdu.toByteArray();
    }

    private static byte[] aeField(String aet) {
        byte[] f = new byte[16];
        java.util.Arrays.fill(f, (byte) ' ');
        byte[] a = ascii(aet);
        System.arraycopy(a, 0, f, 0, Math.min(16, a.length));
        return f;
    }

    private static void item(ByteArrayOutputStream out, int type, byte[] value) {
        out.write(type);
        out.write(0);
        out.write(value.length >> 8);
        out.write(value.length);
        out.writeBytes(value);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] be32(int v) {
        return new byte[] {(byte) (v >> 24), (byte) (v >> 16), (byte) (v >> 8), (byte) v};
    }

    static int be32(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }
}
