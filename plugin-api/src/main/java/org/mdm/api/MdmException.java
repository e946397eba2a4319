package org.mdm.api;

import java.util.Objects;

/**
 * The one exception type of MDM. Its message names what failed, for which file, and what to do;
 * its {@link Status} tells a door which SRM status and FTP reply to send.
 *
 * <p>Messages must never contain patient data or key material: they reach logs and clients.
 */
public class MdmException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Status status;

    /** A failure with a status and a message for the caller. */
    public MdmException(Status status, String message) {
        super(message);
        this.status = Objects.requireNonNull(status, "status");
    }

    /** A failure with a status, a message for the caller and the underlying cause. */
    public MdmException(Status status, String message, Throwable cause) {
        super(message, cause);
        this.status = Objects.requireNonNull(status, "status");
    }

    /** The status that maps this failure to protocol codes. */
    public Status status() {
        return status;
    }

    @Override
    public String toString() {
        return status + ": " + getMessage();
    }
}
