package org.mdm.gridftp.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a session behaves: its deadlines, data-channel authentication and delegation.
 *
 * <p>Defaults follow globus-url-copy where it matters for safety: data channels are
 * authenticated (DCAU A) when the server offers DCAU, and delegation is {@link Delegation#AUTO}:
 * a limited proxy is delegated only because DCAU A needs one (the server authenticates its data
 * channels with it), never otherwise. {@code DCAU N} with delegation off is the cheaper choice
 * for data that is sealed anyway.
 *
 * @param connectTimeout how long a TCP connect (control or data) may take
 * @param replyTimeout   how long any single reply may take, except the ones below
 * @param startTimeout   how long RETR may take to start (150): a storage element may stage first
 * @param dataTimeout    how long the data connections may stay silent during a transfer
 * @param dcau           data-channel authentication to ask for when the server offers DCAU
 * @param delegation     whether to delegate a proxy during login (NEVER with DCAU A is refused by GridFtpClient)
 */
public record ClientSettings(Duration connectTimeout, Duration replyTimeout, Duration startTimeout,
        Duration dataTimeout, DataAuthentication dcau, Delegation delegation) {

    /** Data-channel authentication (GFD.20 DCAU). */
    public enum DataAuthentication {
        /** {@code DCAU N}: data connections are plain TCP. */
        NONE,
        /** {@code DCAU A}: each data connection does a TLS handshake; both ends must be the same user. */
        SELF
    }

    /** The flag sent after the GSI handshake. */
    public enum Delegation {
        /** Delegate only when the session uses DCAU A (the server needs our proxy for it). */
        AUTO,
        /** Always delegate ({@code D}). */
        ALWAYS,
        /** Never delegate ({@code 0}); only with DCAU N (GridFtpClient refuses it with DCAU A). */
        NEVER
    }

    /** Checks that every deadline is positive. */
    public ClientSettings {
        for (Duration d : new Duration[] {connectTimeout, replyTimeout, startTimeout, dataTimeout}) {
            if (d == null || d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("timeouts must be positive and below 24 days: " + d);
            }
        }
        Objects.requireNonNull(dcau, "dcau");
        Objects.requireNonNull(delegation, "delegation");
    }

    /** Connect 30 s, replies 60 s, start of a transfer 10 min, silent data 2 min, DCAU A, delegation AUTO. */
    public static ClientSettings defaults() {
        return new ClientSettings(Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofMinutes(10),
                Duration.ofMinutes(2), DataAuthentication.SELF, Delegation.AUTO);
    }

    /** The same with {@code connect} as the connect timeout and {@code reply} as the reply timeout. */
    public ClientSettings withTimeouts(Duration connect, Duration reply) {
        return new ClientSettings(connect, reply, startTimeout, dataTimeout, dcau, delegation);
    }

    /** The same with other transfer deadlines. */
    public ClientSettings withTransferTimeouts(Duration start, Duration data) {
        return new ClientSettings(connectTimeout, replyTimeout, start, data, dcau, delegation);
    }

    /** The same with another data-channel authentication. */
    public ClientSettings withDcau(DataAuthentication mode) {
        return new ClientSettings(connectTimeout, replyTimeout, startTimeout, dataTimeout, mode, delegation);
    }

    /** The same with another delegation choice. */
    public ClientSettings withDelegation(Delegation choice) {
        return new ClientSettings(connectTimeout, replyTimeout, startTimeout, dataTimeout, dcau, choice);
    }

    /** Whether login sends {@code D}. */
    boolean delegates() {
        return delegation == Delegation.ALWAYS || (delegation == Delegation.AUTO && dcau == DataAuthentication.SELF);
    }
}
