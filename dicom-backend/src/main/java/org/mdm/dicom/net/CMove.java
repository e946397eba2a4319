package org.mdm.dicom.net;

import java.io.IOException;

/**
 * One C-MOVE on an open association. The objects travel on another association, to our
 * {@link StoreScp}, which hands them to the registered waiter; the final C-MOVE-RSP arrives only
 * after the server has had our last C-STORE-RSP, so every object is in by then.
 */
final class CMove {
    private CMove() {
    }

    static RetrieveOutcome run(DicomLink link, byte[] identifier, String destinationAet, MoveRegistry.Waiter waiter)
            throws IOException, UnsupportedServiceException {
        int context = link.contextFor(ContextPlan.STUDY_ROOT_MOVE);
        if (context < 0) {
            throw new UnsupportedServiceException("Study Root Query/Retrieve C-MOVE");
        }
        Command rq = Command.request(Dimse.C_MOVE_RQ, waiter.messageId(), ContextPlan.STUDY_ROOT_MOVE, true)
                .putShort(Dimse.TAG_PRIORITY, 0)
                .putString(Dimse.TAG_MOVE_DESTINATION, destinationAet, (byte) ' ');
        link.send(context, rq, identifier);
        while (true) {
            Command cmd = link.readCommand();
            if (cmd.field() != Dimse.C_MOVE_RSP) {
                throw new DicomProtocolException("unexpected DIMSE command 0x" + Integer.toHexString(cmd.field())
                        + " during C-MOVE");
            }
            if (cmd.hasDataSet()) {
                link.skipData();
            }
            if (!Dimse.isPending(cmd.status())) {
                return RetrieveOutcome.of(cmd, waiter.received());
            }
        }
    }
}
