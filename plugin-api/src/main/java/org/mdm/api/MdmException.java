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

    /**
     * What {@code e} says, for building a message: never "null". A connection the peer closed
     * surfaces as an EOFException without a message, and many JDK exceptions have none.
     */
    public static String describe(Throwable e) {
        if (e instanceof java.io.EOFException) {
            return "the peer closed the connection" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
