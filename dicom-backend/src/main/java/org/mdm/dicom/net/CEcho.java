package org.mdm.dicom.net;

import java.io.IOException;

/** C-ECHO on an open association: the cheapest proof that it still works. */
final class CEcho {
    private CEcho() {
    }

    /** Returns the response status. */
    static int run(DicomLink link) throws IOException, UnsupportedServiceException {
        int context = link.contextFor(ContextPlan.VERIFICATION);
        if (context < 0) {
            throw new UnsupportedServiceException("Verification (C-ECHO)");
        }
        link.send(context, Command.request(Dimse.C_ECHO_RQ, link.nextMessageId(), ContextPlan.VERIFICATION, false),
                null);
        Command rsp = link.readCommand();
        if (rsp.field() != Dimse.C_ECHO_RSP) {
            throw new DicomProtocolException("answered C-ECHO with command 0x" + Integer.toHexString(rsp.field()));
        }
        if (rsp.hasDataSet()) {
            link.skipData();
        }
        return rsp.status();
    }
}
