package org.mdm.se.srm;

import org.mdm.api.MdmException;
import org.mdm.srm.Xml;

/** SRM's TReturnStatus, built for responses. */
final class Statuses {
    static final String SUCCESS = "SRM_SUCCESS";
    static final String FAILURE = "SRM_FAILURE";
    static final String PARTIAL = "SRM_PARTIAL_SUCCESS";
    static final String QUEUED = "SRM_REQUEST_QUEUED";
    static final String IN_PROGRESS = "SRM_REQUEST_INPROGRESS";

    private Statuses() {
    }

    /** {@code <element><statusCode>code</statusCode><explanation>…</explanation></element>}. */
    static Xml of(String element, String code, String explanation) {
        return Xml.of(element, Xml.text("statusCode", code),
                explanation == null ? null : Xml.text("explanation", explanation));
    }

    /** A request's {@code returnStatus}. */
    static Xml returnStatus(String code, String explanation) {
        return of("returnStatus", code, explanation);
    }

    /** The status of a failure: its SRM code, its message (which names the path, never a PFN). */
    static Xml failure(String element, MdmException e) {
        return of(element, e.status().srmCode(), e.getMessage());
    }

    /**
     * The status of a request from its files' outcomes: all succeeded, all failed (the one failure
     * code when there is a single file), or some of each.
     */
    static Xml aggregate(int succeeded, int failed, String singleFailureCode, String singleFailure) {
        if (failed == 0) {
            return returnStatus(SUCCESS, null);
        }
        if (succeeded > 0) {
            return returnStatus(PARTIAL, failed + " of " + (succeeded + failed) + " failed; see each file's status");
        }
        if (failed == 1 && singleFailureCode != null) {
            return returnStatus(singleFailureCode, singleFailure);
        }
        return returnStatus(FAILURE, "every file failed; see each file's status");
    }
}
