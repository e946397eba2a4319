package org.mdm.dicom.net;

/** Why we aborted an association ourselves, so the failure it causes maps to the right status. */
enum AbortReason {
    /** The overall deadline passed. */
    TIMEOUT,
    /** The caller cancelled. */
    CANCELLED,
    /** The retriever is closing. */
    SHUTDOWN
}
