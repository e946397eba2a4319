package org.mdm.hydra.keyserver;

import java.net.URI;

/**
 * Why one key server did not do what was asked.
 *
 * @param server the server
 * @param kind   the class of failure
 * @param reason a readable reason (never key material)
 */
public record ServerFailure(URI server, Kind kind, String reason) {

    /** Classes of failure. */
    public enum Kind {
        /** Unreachable, TLS refused, timed out, or answered garbage. */
        DOWN,
        /** Answered 403: the caller lacks the right. */
        DENIED,
        /** Answered 404: the key is unknown there. */
        NOT_FOUND,
        /** Answered 409: the key id exists there. */
        CONFLICT,
        /** Answered 400 or another error. */
        REFUSED
    }

    @Override
    public String toString() {
        return server + " (" + kind.name().toLowerCase().replace('_', ' ') + ": " + reason + ")";
    }
}
