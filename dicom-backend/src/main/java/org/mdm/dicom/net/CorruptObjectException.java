package org.mdm.dicom.net;

/** A received object is truncated, not DICOM, or not the object asked for. Message has UIDs only. */
final class CorruptObjectException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptObjectException(String message) {
        super(message);
    }
}
