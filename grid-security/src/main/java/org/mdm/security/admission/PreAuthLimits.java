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
     * Defaults for the doors: 256 connections authenticating, 64 from one address, 30 s to
     * authenticate. A real client authenticates in well under a second, but clients come in
     * bursts: 50 gfal-copy srm:// from one host log in to the GridFTP door as their stagings end,
     * and at 16 per address 2 of 50 were refused on a loaded 2-core machine. 64 lets the clients
     * behind one NAT address (a cluster's worker nodes, a user's parallel copies) log in together,
     * and a single address still holds only a quarter of the pool.
     */
    public static final PreAuthLimits DEFAULTS = new PreAuthLimits(256, 64, Duration.ofSeconds(30));

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
