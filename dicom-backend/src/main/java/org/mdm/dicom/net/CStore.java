package org.mdm.dicom.net;

import java.io.IOException;

/** C-STORE as SCU on an open association: one object out, its status back. */
final class CStore {
    private CStore() {
    }

    /**
     * Sends {@code dataset} (encoded in the syntax its context was accepted with) and returns the
     * response status.
     *
     * @throws UnsupportedServiceException when the server accepted no context for the class
     */
    static int run(DicomLink link, String sopClass, String sopInstance, byte[] dataset)
            throws IOException, UnsupportedServiceException {
        int context = link.contextFor(sopClass);
        if (context < 0) {
            throw new UnsupportedServiceException("storage of SOP class " + sopClass + " in this transfer syntax");
        }
        Command rq = Command.request(Dimse.C_STORE_RQ, link.nextMessageId(), sopClass, true)
                .putShort(Dimse.TAG_PRIORITY, 0)
                .putString(Dimse.TAG_AFFECTED_SOP_INSTANCE, sopInstance, (byte) 0);
        link.send(context, rq, dataset);
        Command rsp = link.readCommand();
        if (rsp.field() != Dimse.C_STORE_RSP) {
            throw new DicomProtocolException("answered C-STORE with command 0x" + Integer.toHexString(rsp.field()));
        }
        if (rsp.hasDataSet()) {
            link.skipData();
        }
        return rsp.status();
    }
}
