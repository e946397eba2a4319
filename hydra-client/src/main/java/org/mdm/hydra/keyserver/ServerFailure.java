package org.mdm.hydra.keyserver;

import java.net.URI;

/**
 * Why one key server did not do what was asked.
 *
 * @param server the server
 * @param kind   the class of failure
 * @param reason a readable reason (never key material)
 * @param unsent whether the request certainly never reached the server (connection refused,
 *               connect timeout, TLS handshake refused): then it changed nothing there, whereas a
 *               lost answer leaves unknown what the server did
 */
public record ServerFailure(URI server, Kind kind, String reason, boolean unsent) {

    /** A failure of a request the server received (or may have). */
    public ServerFailure(URI server, Kind kind, String reason) {
        this(server, kind, reason, false);
    }

    /** Whether the server may have done what was asked despite the failure: its answer was lost. */
    public boolean outcomeUnknown() {
        return kind == Kind.DOWN && !unsent;
    }

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

    /** The failures named one after the other, for a message. */
    static String describe(java.util.List<ServerFailure> failures) {
        return failures.stream().map(ServerFailure::toString).collect(java.util.stream.Collectors.joining(", "));
    }

    /** The status of an operation that needed every server and failed on these. */
    static org.mdm.api.Status statusOf(java.util.List<ServerFailure> failures) {
        if (failures.stream().anyMatch(f -> f.kind() == Kind.CONFLICT || f.kind() == Kind.REFUSED)) {
            return org.mdm.api.Status.INVALID_REQUEST;
        }
        if (failures.stream().anyMatch(f -> f.kind() == Kind.DENIED)) {
            return org.mdm.api.Status.AUTHORIZATION_FAILURE;
        }
        if (failures.stream().allMatch(f -> f.kind() == Kind.NOT_FOUND)) {
            return org.mdm.api.Status.NOT_FOUND;
        }
        return org.mdm.api.Status.PEER_UNAVAILABLE;
    }

    @Override
    public String toString() {
        return server + " (" + kind.name().toLowerCase().replace('_', ' ') + ": " + reason + ")";
    }
}
