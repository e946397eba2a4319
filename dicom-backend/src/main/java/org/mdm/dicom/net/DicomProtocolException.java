package org.mdm.dicom.net;

import java.io.IOException;

/**
 * The peer broke the DICOM upper-layer or DIMSE protocol (unexpected PDU, malformed command,
 * A-ABORT). An I/O failure in the sense of the retry rule: the association is unusable.
 */
class DicomProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    DicomProtocolException(String message) {
        super(message);
    }
}
