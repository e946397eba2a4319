package org.mdm.dicom.net;

/**
 * What a C-GET or C-MOVE reported at its end.
 *
 * @param status       the final response status
 * @param completed    completed sub-operations as reported by the server
 * @param failed       failed sub-operations
 * @param warnings     sub-operations completed with warnings
 * @param received     objects we actually received and accepted
 * @param errorComment the server's error comment, or null
 */
record RetrieveOutcome(int status, int completed, int failed, int warnings, int received, String errorComment) {

    static RetrieveOutcome of(Command rsp, int received) {
        return new RetrieveOutcome(rsp.status(), count(rsp, Dimse.TAG_COMPLETED), count(rsp, Dimse.TAG_FAILED),
                count(rsp, Dimse.TAG_WARNING), received, rsp.getString(Dimse.TAG_ERROR_COMMENT));
    }

    private static int count(Command rsp, int tag) {
        return Math.max(0, rsp.getShort(tag, 0));
    }

    /** Success or a warning (0x0000, 0x0001, 0xBxxx). */
    boolean succeeded() {
        return status == Dimse.STATUS_SUCCESS || status == 0x0001 || (status & 0xF000) == 0xB000;
    }

    /** The status in the form servers document it. */
    String statusText() {
        return String.format("0x%04X", status);
    }
}
