package org.mdm.dicom.net;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * IMAGE-level C-FINDs on an open association asking only for SOP Class (and Instance) UIDs: what
 * the C-GET fallback needs to open an association dedicated to a class. Transfer Syntax UID is
 * not a standard return key, so the fallback proposes every syntax instead of asking.
 */
final class CFind {
    private CFind() {
    }

    /**
     * The SOP Class UID of the instance: null when the server matched nothing, "" when it matched
     * but could not tell the class (e.g. an object whose SOP Class UID is encoded as UN), or when
     * the C-FIND itself failed (that is not "no match").
     *
     * @throws UnsupportedServiceException if the server did not accept Study Root C-FIND
     */
    static String sopClassOf(DicomLink link, String studyUid, String seriesUid, String instanceUid)
            throws IOException, UnsupportedServiceException {
        String[] found = new String[1];
        int status = query(link, Identifier.encodeClassQuery(studyUid, seriesUid, instanceUid), (data, size) -> {
            String cls = Identifier.sopClass(data, size);
            if (found[0] == null || found[0].isEmpty()) {
                found[0] = cls == null ? "" : cls; // a match without the key still proves the instance exists
            }
        });
        return status == Dimse.STATUS_SUCCESS || found[0] != null ? found[0] : "";
    }

    /**
     * The instances of a series with their SOP Class UID ("" when the server cannot tell), in the
     * server's order; empty when nothing matched, null when the C-FIND failed (the list could
     * be partial).
     */
    static Map<String, String> instancesOf(DicomLink link, String studyUid, String seriesUid)
            throws IOException, UnsupportedServiceException {
        Map<String, String> found = new LinkedHashMap<>();
        int status = query(link, Identifier.encodeSeriesClassQuery(studyUid, seriesUid), (data, size) -> {
            String instance = Identifier.sopInstance(data, size);
            String cls = Identifier.sopClass(data, size);
            if (instance != null && !instance.isEmpty()) {
                found.put(instance, cls == null ? "" : cls);
            }
        });
        return status == Dimse.STATUS_SUCCESS ? found : null;
    }

    /** Receives one response identifier. */
    @FunctionalInterface
    private interface Match {
        void accept(byte[] data, int size);
    }

    /** Sends the C-FIND and hands each response identifier to {@code match}; returns the final status. */
    private static int query(DicomLink link, byte[] identifier, Match match)
            throws IOException, UnsupportedServiceException {
        int context = link.contextFor(ContextPlan.STUDY_ROOT_FIND);
        if (context < 0) {
            throw new UnsupportedServiceException("Study Root Query/Retrieve C-FIND");
        }
        Command rq = Command.request(Dimse.C_FIND_RQ, link.nextMessageId(), ContextPlan.STUDY_ROOT_FIND, true)
                .putShort(Dimse.TAG_PRIORITY, 0);
        link.send(context, rq, identifier);
        while (true) {
            Command rsp = link.readCommand();
            if (rsp.field() != Dimse.C_FIND_RSP) {
                throw new DicomProtocolException("unexpected DIMSE command 0x" + Integer.toHexString(rsp.field())
                        + " during C-FIND");
            }
            if (rsp.hasDataSet()) {
                GrowableBytes data = new GrowableBytes(512);
                link.readData(data);
                match.accept(data.array(), data.size());
            }
            if (!Dimse.isPending(rsp.status())) {
                return rsp.status();
            }
        }
    }
}
