package org.mdm.dicom.net;

import com.pixelmed.dicom.SOPClass;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.function.BooleanSupplier;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One association of the push SCP: the AE titles checked at negotiation, then each C-STORE
 * received in memory, handed to the handler, and answered once the handler is done.
 */
final class PushAssociation {
    private static final Logger LOG = LoggerFactory.getLogger(PushAssociation.class);
    private static final int MAX_PDU = 1 << 20;
    private static final int MIN_CAPACITY = 256 * 1024;

    private final Socket socket;
    private final PushSettings settings;
    private final PushHandler handler;
    private final BooleanSupplier closing;
    private final String host;
    private volatile boolean busy;
    private volatile DicomLink link;

    PushAssociation(Socket socket, PushSettings settings, PushHandler handler, BooleanSupplier closing) {
        this.socket = socket;
        this.settings = settings;
        this.handler = handler;
        this.closing = closing;
        this.host = socket.getInetAddress().getHostAddress();
    }

    /** Serves the association to its end; never throws. */
    void serve() {
        String calling = "?";
        try {
            link = DicomLink.accepted(socket, new DicomNode("UNKNOWN", host, socket.getPort()),
                    (int) settings.readTimeout().toMillis());
            AssociateRequest rq = Acceptance.readRequest(link);
            if (rq == null) {
                return;
            }
            calling = printable(rq.callingAet());
            if (admitted(rq)) {
                Acceptance.accept(link, rq, Acceptance.firstSyntaxOfEach(rq, PushAssociation::supported), MAX_PDU);
                commandLoop(calling);
            }
        } catch (PdvReader.PeerReleasedException e) {
            LOG.debug("DICOM push {}: {} released the association", settings.aet(), calling);
        } catch (EOFException | SocketException e) {
            LOG.debug("DICOM push {}: association from {} ended: {}", settings.aet(), calling, e.toString());
        } catch (IOException | RuntimeException e) {
            LOG.warn("DICOM push {}: association from {} ({}) failed: {}", settings.aet(), calling, host, e.toString());
        } finally {
            end();
        }
    }

    /** Rejects (and says so in the log) a call to another AE title or from an unknown one. */
    private boolean admitted(AssociateRequest rq) throws IOException {
        int reason;
        if (!settings.aet().equals(rq.calledAet())) {
            reason = Acceptance.REASON_CALLED_AET;
            LOG.warn("DICOM push {}: rejected an association from {} ({}) calling AE title '{}' instead",
                    settings.aet(), printable(rq.callingAet()), host, printable(rq.calledAet()));
        } else if (!settings.callingAets().contains(rq.callingAet())) {
            reason = Acceptance.REASON_CALLING_AET;
            LOG.warn("DICOM push {}: rejected an association from unknown AE title '{}' ({}): configure"
                    + " push.ae.{}.owner to accept it", settings.aet(), printable(rq.callingAet()), host,
                    printable(rq.callingAet()));
        } else {
            return true;
        }
        link.writer().writeRaw(Pdu.reject(Acceptance.REJECTED_PERMANENT, Acceptance.SOURCE_USER, reason));
        return false;
    }

    /** An AE title as the peer sent it, safe for one log line (control characters replaced). */
    private static String printable(String aet) {
        return aet.replaceAll("[^\\x20-\\x7e]", "?");
    }

    /** Contexts accepted: verification and storage (a non-image object is refused per object, with a status). */
    private static boolean supported(String sopClass) {
        return SOPClass.isVerification(sopClass) || SOPClass.isStorage(sopClass);
    }

    private void commandLoop(String calling) throws IOException {
        while (!closing.getAsBoolean()) {
            Command cmd = link.readCommand();
            if (cmd.field() == Dimse.C_STORE_RQ) {
                busy = true;
                try {
                    store(cmd, calling);
                } finally {
                    busy = false;
                }
            } else if (cmd.field() == Dimse.C_ECHO_RQ) {
                Acceptance.answerEcho(link, cmd);
            } else {
                throw new DicomProtocolException("unsupported DIMSE command 0x" + Integer.toHexString(cmd.field()));
            }
        }
        link.abort(AbortReason.SHUTDOWN); // the last answer went out; the SCP is stopping
    }

    private void store(Command rq, String calling) throws IOException {
        int context = link.lastContext();
        String ts = link.transferSyntax(context);
        String sopClass = rq.getString(Dimse.TAG_AFFECTED_SOP_CLASS);
        String sopInstance = rq.getString(Dimse.TAG_AFFECTED_SOP_INSTANCE);
        if (ts == null || sopClass == null || sopInstance == null) {
            refuse(rq, context, PushStatuses.CANNOT_UNDERSTAND, "MDM: C-STORE lacks its context or SOP class/instance",
                    calling);
            return;
        }
        if (!SOPClass.isImageStorage(sopClass)) {
            refuse(rq, context, PushStatuses.SOP_CLASS_NOT_SUPPORTED, "MDM registers images only, not this SOP class",
                    calling);
            return;
        }
        byte[] header = Part10.header(sopClass, sopInstance, ts, calling);
        GrowableBytes buf = new GrowableBytes(MIN_CAPACITY);
        buf.write(header);
        if (!link.readData(buf, settings.maxObjectBytes() + header.length)) {
            LOG.warn("DICOM push {}: refused an object from {}: larger than {} bytes (push.max.object.mb)",
                    settings.aet(), calling, settings.maxObjectBytes());
            StoreReceiver.reply(link, context, rq, PushStatuses.OUT_OF_RESOURCES, "MDM: object larger than the"
                    + " push size limit");
            return;
        }
        String problem = identityProblem(buf, header.length, ts, sopClass, sopInstance);
        if (problem != null) {
            LOG.warn("DICOM push {}: refused an object from {}: {}", settings.aet(), calling, problem);
            StoreReceiver.reply(link, context, rq, PushStatuses.CANNOT_UNDERSTAND, "MDM: malformed object, not"
                    + " registered");
            return;
        }
        Answer answer = hand(new PushedObject(calling, host, sopClass, sopInstance, ts, buf.toByteArray()));
        StoreReceiver.reply(link, context, rq, answer.status(), answer.comment());
    }

    /** Null if the data set is whole and is the image the command announced; otherwise why not. */
    private static String identityProblem(GrowableBytes buf, int start, String ts, String sopClass, String sopInstance) {
        try {
            DatasetCheck.Identity id = DatasetCheck.check(buf.array(), start, buf.size(), ts);
            if (!sopInstance.equals(id.sopInstanceUid())) {
                return "its data set has another SOP Instance UID than its C-STORE-RQ announced";
            }
            if (id.sopClassUid() != null && !sopClass.equals(id.sopClassUid())) {
                return "its data set has another SOP Class UID than its C-STORE-RQ announced";
            }
            return null;
        } catch (CorruptObjectException e) {
            return "its data set is " + e.getMessage();
        }
    }

    /** The C-STORE-RSP's status and Error Comment (null on success). */
    private record Answer(int status, String comment) {
    }

    /** Hands the object over and returns the answer: success once the handler is done. */
    private Answer hand(PushedObject object) {
        try {
            handler.accept(object);
            return new Answer(Dimse.STATUS_SUCCESS, null);
        } catch (MdmException e) {
            LOG.warn("DICOM push {}: {} was not registered: {}", settings.aet(), object.describe(), e.getMessage());
            return new Answer(PushStatuses.of(e), PushStatuses.comment(e.status()));
        } catch (RuntimeException e) {
            LOG.error("DICOM push {}: registering {} failed", settings.aet(), object.describe(), e);
            return new Answer(PushStatuses.PROCESSING_FAILURE, PushStatuses.comment(Status.INTERNAL_ERROR));
        }
    }

    private void refuse(Command rq, int context, int status, String comment, String calling) throws IOException {
        link.skipData();
        LOG.warn("DICOM push {}: refused an object from {}: {}", settings.aet(), calling, comment);
        StoreReceiver.reply(link, context, rq, status, comment);
    }

    /** Ends the association now unless an object is being registered (the SCP is closing). */
    void endIfIdle() {
        if (!busy) {
            end();
        }
    }

    /** Ends the association now. */
    void end() {
        DicomLink l = link;
        if (l != null) {
            l.closeNow();
        } else {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
