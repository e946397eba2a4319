package org.mdm.dicom.net;

import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one C-STORE-RQ arriving on an association (a C-GET sub-operation, or a C-MOVE
 * delivery to our Store SCP): reads the data set into memory behind a Part 10 header, checks
 * it, answers C-STORE-RSP. Nothing touches disk.
 */
final class StoreReceiver {
    private static final Logger LOG = LoggerFactory.getLogger(StoreReceiver.class);
    /**
     * Where the receive buffer starts. Presizing it from the previous object (to spare the
     * doublings) was measured: it cut series throughput from ~110 to ~80 img/s against an
     * Orthanc with Nagle on (larger socket reads change when we acknowledge), so it grows.
     */
    private static final int MIN_CAPACITY = 256 * 1024;

    private StoreReceiver() {
    }

    /**
     * Receives the data set announced by {@code rq}. If it fails the integrity check, answers
     * failure and throws; if it passes, the caller answers with {@link #reply} after handing the
     * object over. That order matters for C-MOVE: the server sends its final C-MOVE-RSP once it
     * has our last C-STORE-RSP, so the waiter must hold the object by then.
     *
     * @param sourceAet the AE title recorded as source in the meta header
     * @throws CorruptObjectException if the object is truncated, not DICOM, or its UID differs
     *                                from the one announced
     */
    static RetrievedInstance receive(DicomLink link, Command rq, String sourceAet)
            throws IOException, CorruptObjectException {
        int context = link.lastContext();
        String ts = link.transferSyntax(context);
        String sopClass = rq.getString(Dimse.TAG_AFFECTED_SOP_CLASS);
        String sopInstance = rq.getString(Dimse.TAG_AFFECTED_SOP_INSTANCE);
        if (ts == null || sopClass == null || sopInstance == null) {
            link.skipData();
            reply(link, context, rq, Dimse.STATUS_CANNOT_UNDERSTAND);
            throw new CorruptObjectException("C-STORE-RQ on context " + context
                    + " lacks a negotiated transfer syntax or the affected SOP class/instance");
        }
        byte[] header = Part10.header(sopClass, sopInstance, ts, sourceAet);
        GrowableBytes buf = new GrowableBytes(MIN_CAPACITY);
        buf.write(header);
        link.readData(buf);
        DatasetCheck.Identity id;
        try {
            id = DatasetCheck.check(buf.array(), header.length, buf.size(), ts);
            if (!sopInstance.equals(id.sopInstanceUid())) {
                throw new CorruptObjectException("the data set has SOP Instance UID " + id.sopInstanceUid()
                        + " but the C-STORE-RQ announced " + sopInstance);
            }
        } catch (CorruptObjectException e) {
            reply(link, context, rq, Dimse.STATUS_CANNOT_UNDERSTAND);
            throw e;
        }
        LOG.debug("received an instance ({} bytes, ts {}) from {}", buf.size(), ts, link.peer());
        String cls = id.sopClassUid() != null ? id.sopClassUid() : sopClass;
        return new RetrievedInstance(cls, sopInstance, ts, buf.toByteArray());
    }

    /** Answers a C-STORE-RQ with the given status. */
    static void reply(DicomLink link, int context, Command rq, int status) throws IOException {
        reply(link, context, rq, status, null);
    }

    /**
     * Answers a C-STORE-RQ with the given status and, if not null, an Error Comment (LO: at most
     * 64 characters, ASCII; longer text is cut) that storescu, Orthanc and PACS logs show.
     */
    static void reply(DicomLink link, int context, Command rq, int status, String errorComment) throws IOException {
        Command rsp = new Command();
        if (errorComment != null) {
            String ascii = errorComment.replaceAll("[^\\x20-\\x7e]", "?").replace('\\', '/');
            rsp.putString(Dimse.TAG_ERROR_COMMENT, ascii.length() > 64 ? ascii.substring(0, 64) : ascii, (byte) ' ');
        }
        String sopClass = rq.getString(Dimse.TAG_AFFECTED_SOP_CLASS);
        String sopInstance = rq.getString(Dimse.TAG_AFFECTED_SOP_INSTANCE);
        if (sopClass != null) {
            rsp.putString(Dimse.TAG_AFFECTED_SOP_CLASS, sopClass, (byte) 0);
        }
        rsp.putShort(Dimse.TAG_COMMAND_FIELD, Dimse.C_STORE_RSP);
        rsp.putShort(Dimse.TAG_MESSAGE_ID_RESPONDED, rq.getShort(Dimse.TAG_MESSAGE_ID, 0));
        rsp.putShort(Dimse.TAG_DATA_SET_TYPE, Dimse.NO_DATA_SET);
        rsp.putShort(Dimse.TAG_STATUS, status);
        if (sopInstance != null) {
            rsp.putString(Dimse.TAG_AFFECTED_SOP_INSTANCE, sopInstance, (byte) 0);
        }
        link.send(context, rsp, null);
    }
}
