package org.mdm.hydra.keyserver;

/** Carries a {@link ServerFailure} through futures. */
final class ServerCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient ServerFailure failure;

    ServerCallException(ServerFailure failure) {
        super(failure.toString(), null, false, false);
        this.failure = failure;
    }

    ServerFailure failure() {
        return failure;
    }
}
