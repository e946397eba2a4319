package org.mdm.md.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a connection may take: {@code connect} bounds the TCP connect; {@code answer} bounds
 * the greeting and TLS handshake together, and then each answer from its command to its last
 * byte (a server or network slower than that is a failure, and the connection is dropped).
 *
 * @param connect the TCP connect bound, positive
 * @param answer  the bound on the greeting + handshake, and on each whole answer, positive
 */
public record Timeouts(Duration connect, Duration answer) {
    /** The defaults of {@code md.connect.timeout.ms} and {@code md.timeout.ms}. */
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10));

    /** Checks both are positive. */
    public Timeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(answer, "answer");
        if (connect.isNegative() || connect.isZero() || answer.isNegative() || answer.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: connect " + connect + ", answer " + answer);
        }
    }
}
