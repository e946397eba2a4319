package org.mdm.dicom.net;

import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The C-STORE-RSP status the push SCP answers a failed object with (PS3.4 Annex B.2.3 for the
 * storage-specific codes, PS3.7 Annex C for the general ones), chosen so that a sender's own
 * retry does what it should: the A7xx "out of resources" family for failures a later retry can
 * overcome (a key server or the DICOM server down, a timeout, no space), the others for objects
 * that will fail again however often they are sent.
 */
public final class PushStatuses {
    /** Refused: out of resources (a retry later may succeed). */
    public static final int OUT_OF_RESOURCES = 0xA700;
    /** Error: cannot understand (the object is malformed). */
    public static final int CANNOT_UNDERSTAND = 0xC000;
    /** Refused: SOP class not supported (MDM registers images only). */
    public static final int SOP_CLASS_NOT_SUPPORTED = 0x0122;
    /** Duplicate SOP instance (the UID is registered with other content). */
    public static final int DUPLICATE_SOP_INSTANCE = 0x0111;
    /** Refused: not authorized (a key server refused the SE). */
    public static final int NOT_AUTHORIZED = 0x0124;
    /** Processing failure (MDM's configuration or a bug: retrying will not help until fixed). */
    public static final int PROCESSING_FAILURE = 0x0110;

    private PushStatuses() {
    }

    /** The status answering a handler's failure. */
    public static int of(MdmException e) {
        return of(e.status());
    }

    static int of(Status s) {
        return switch (s) {
            case PEER_UNAVAILABLE, TIMEOUT, IO_ERROR, NO_FREE_SPACE, CANCELLED -> OUT_OF_RESOURCES;
            case CORRUPT_DATA, INVALID_PATH, INVALID_REQUEST -> CANNOT_UNDERSTAND;
            case NOT_SUPPORTED -> SOP_CLASS_NOT_SUPPORTED;
            case ALREADY_EXISTS -> DUPLICATE_SOP_INSTANCE;
            case AUTHORIZATION_FAILURE -> NOT_AUTHORIZED;
            case NOT_FOUND, CONFIGURATION_ERROR, INTERNAL_ERROR -> PROCESSING_FAILURE;
        };
    }

    /** The Error Comment sent with the status: short (LO), naming the kind of failure, no value. */
    static String comment(Status s) {
        return switch (s) {
            case PEER_UNAVAILABLE -> "MDM: key or DICOM server unavailable; retry later";
            case TIMEOUT -> "MDM: registration timed out; retry later";
            case IO_ERROR, NO_FREE_SPACE -> "MDM: local storage failure; retry later";
            case CANCELLED -> "MDM: registration cancelled (shutdown); retry later";
            case CORRUPT_DATA, INVALID_PATH, INVALID_REQUEST -> "MDM: malformed object, not registered";
            case NOT_SUPPORTED -> "MDM: object not supported, not registered";
            case ALREADY_EXISTS -> "MDM: SOP Instance UID registered with other content";
            case AUTHORIZATION_FAILURE -> "MDM: a key server refused the SE";
            case NOT_FOUND, CONFIGURATION_ERROR, INTERNAL_ERROR -> "MDM: processing failure; see the MDM log";
        };
    }
}
