package org.mdm.dicom.net;

import java.io.IOException;

/**
 * One IMAGE-level C-FIND on an open association, asking only for the instance's SOP Class UID:
 * what the C-GET fallback needs to open an association dedicated to that class. Transfer Syntax
 * UID is not a standard return key, so the fallback proposes every syntax instead of asking.
 */
final class CFind {
    private CFind() {
    }

    /**
     * The SOP Class UID of the instance: null when the server matched nothing, "" when it matched
     * but could not tell the class (e.g. an object whose SOP Class UID is encoded as UN).
     *
     * @throws UnsupportedServiceException if the server did not accept Study Root C-FIND
     */
    static String sopClassOf(DicomLink link, String studyUid, String seriesUid, String instanceUid)
            throws IOException, UnsupportedServiceException {
        int context = link.contextFor(ContextPlan.STUDY_ROOT_FIND);
        if (context < 0) {
            throw new UnsupportedServiceException("Study Root Query/Retrieve C-FIND");
        }
        Command rq = Command.request(Dimse.C_FIND_RQ, link.nextMessageId(), ContextPlan.STUDY_ROOT_FIND, true)
                .putShort(Dimse.TAG_PRIORITY, 0);
        link.send(context, rq, Identifier.encodeClassQuery(studyUid, seriesUid, instanceUid));
        String found = null;
        while (true) {
            Command rsp = link.readCommand();
            if (rsp.field() != Dimse.C_FIND_RSP) {
                throw new DicomProtocolException("unexpected DIMSE command 0x" + Integer.toHexString(rsp.field())
                        + " during C-FIND");
            }
            if (rsp.hasDataSet()) {
                GrowableBytes data = new GrowableBytes(512);
                link.readData(data);
                String cls = Identifier.sopClass(data.array(), data.size());
                if (found == null || found.isEmpty()) {
                    found = cls == null ? "" : cls; // a match without the key still proves the instance exists
                }
            }
            if (!Dimse.isPending(rsp.status())) {
                // a failed C-FIND is not "no match": report the class as unknown, so the caller
                // keeps the C-GET's own outcome, which already says what failed
                return rsp.status() == Dimse.STATUS_SUCCESS || found != null ? found : "";
            }
        }
    }
}
