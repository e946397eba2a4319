package org.mdm.dicom.net;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * One C-GET on an open association: the request, the C-STORE sub-operations the server sends
 * back on the same association (each object handed to the sink as soon as it is complete), and
 * the final response.
 */
final class CGet {
    private CGet() {
    }

    /**
     * Runs the C-GET.
     *
     * @throws UnsupportedServiceException if the server did not accept Study Root C-GET
     */
    static RetrieveOutcome run(DicomLink link, byte[] identifier, Consumer<RetrievedInstance> sink)
            throws IOException, CorruptObjectException, UnsupportedServiceException {
        int context = link.contextFor(ContextPlan.STUDY_ROOT_GET);
        if (context < 0) {
            throw new UnsupportedServiceException("Study Root Query/Retrieve C-GET");
        }
        int messageId = link.nextMessageId();
        Command rq = Command.request(Dimse.C_GET_RQ, messageId, ContextPlan.STUDY_ROOT_GET, true)
                .putShort(Dimse.TAG_PRIORITY, 0);
        link.send(context, rq, identifier);
        int received = 0;
        while (true) {
            Command cmd = link.readCommand();
            int field = cmd.field();
            if (field == Dimse.C_STORE_RQ) {
                int storeContext = link.lastContext();
                RetrievedInstance instance = StoreReceiver.receive(link, cmd, link.peer().aet());
                received++;
                sink.accept(instance);
                StoreReceiver.reply(link, storeContext, cmd, Dimse.STATUS_SUCCESS);
            } else if (field == Dimse.C_GET_RSP) {
                if (cmd.hasDataSet()) {
                    link.skipData(); // the failed SOP instance list: counts are enough
                }
                if (!Dimse.isPending(cmd.status())) {
                    return RetrieveOutcome.of(cmd, received);
                }
            } else {
                throw new DicomProtocolException("unexpected DIMSE command 0x" + Integer.toHexString(field)
                        + " during C-GET");
            }
        }
    }
}
