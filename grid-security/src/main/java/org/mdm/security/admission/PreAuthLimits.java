package org.mdm.security.admission;

import java.time.Duration;
import java.util.Objects;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Bounds on connections that have not authenticated yet (issue 15): anyone who can reach a port
 * can open them, so they get their own pool, smaller than the service's, and one client address
 * gets a small share of it.
 *
 * @param maxUnauthenticated connections still authenticating, from all addresses together
 * @param maxPerAddress      of those, from one client address (an IPv6 client: its /64)
 * @param deadline           time from accept to authenticated, whatever the client sends meanwhile
 */
public record PreAuthLimits(int maxUnauthenticated, int maxPerAddress, Duration deadline) {

    /**
     * Defaults: 128 connections authenticating, 16 from one address, 30 s to authenticate. A real
     * client authenticates in well under a second; 16 lets the clients behind one NAT address (a
     * cluster's worker nodes) log in together, and a single address holds an eighth of the pool.
     */
    public static final PreAuthLimits DEFAULTS = new PreAuthLimits(128, 16, Duration.ofSeconds(30));

    /** Checks the values. */
    public PreAuthLimits {
        Objects.requireNonNull(deadline, "deadline");
        if (maxUnauthenticated < 1 || maxPerAddress < 1 || maxPerAddress > maxUnauthenticated
                || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("need 1 <= maxPerAddress <= maxUnauthenticated and a positive deadline,"
                    + " got " + maxUnauthenticated + ", " + maxPerAddress + ", " + deadline);
        }
    }

    /**
     * Limits read from configuration values, with errors that name the keys.
     *
     * @param prefix the keys' common prefix, e.g. {@code se.gridftp.}, for the error message
     * @throws MdmException CONFIGURATION_ERROR when the values do not fit together
     */
    public static PreAuthLimits of(String prefix, int maxUnauthenticated, int maxPerAddress, Duration deadline)
            throws MdmException {
        try {
            return new PreAuthLimits(maxUnauthenticated, maxPerAddress, deadline);
        } catch (IllegalArgumentException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Configuration keys " + prefix + "preauth.max.connections"
                    + ", " + prefix + "preauth.max.per.address and the login deadline: " + e.getMessage()
                    + " (the per-address bound must not exceed the total, both at least 1)");
        }
    }
}
