package org.mdm.copy;

import org.mdm.api.MdmException;
import org.mdm.api.Status;

/** An SRM status code as the failure it is for the caller, with the server's explanation. */
final class SrmFailures {

    private SrmFailures() {
    }

    static MdmException of(String code, String explanation, String what) {
        Status status = switch (code == null ? "" : code) {
            case "SRM_INVALID_PATH" -> Status.NOT_FOUND;
            case "SRM_AUTHORIZATION_FAILURE", "SRM_AUTHENTICATION_FAILURE" -> Status.AUTHORIZATION_FAILURE;
            case "SRM_INVALID_REQUEST" -> Status.INVALID_REQUEST;
            case "SRM_NOT_SUPPORTED" -> Status.NOT_SUPPORTED;
            case "SRM_REQUEST_TIMED_OUT" -> Status.TIMEOUT;
            case "SRM_ABORTED" -> Status.CANCELLED;
            case "SRM_NO_FREE_SPACE" -> Status.NO_FREE_SPACE;
            case "SRM_INTERNAL_ERROR", "SRM_FATAL_INTERNAL_ERROR" -> Status.INTERNAL_ERROR;
            default -> Status.PEER_UNAVAILABLE;
        };
        String why = explanation == null || explanation.isBlank() ? code : code + ": " + explanation;
        return new MdmException(status, what + ": " + why);
    }
}
