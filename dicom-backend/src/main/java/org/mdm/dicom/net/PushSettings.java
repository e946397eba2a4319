package org.mdm.dicom.net;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How the push SCP listens and whom it takes objects from.
 *
 * @param aet             the AE title senders must call
 * @param address         the address to listen on
 * @param port            the port (0: any free port)
 * @param callingAets     the AE titles that may push; any other is rejected at association
 * @param maxAssociations associations served at once; the next is rejected (transient, local limit)
 * @param maxObjectBytes  the largest object taken (it is held in memory while it is registered)
 * @param readTimeout     how long a sender may stay silent in the middle of an association
 */
public record PushSettings(String aet, InetAddress address, int port, Set<String> callingAets, int maxAssociations,
        long maxObjectBytes, Duration readTimeout) {

    public PushSettings {
        Objects.requireNonNull(aet, "aet");
        Objects.requireNonNull(address, "address");
        callingAets = Set.copyOf(callingAets);
        if (aet.isBlank() || aet.length() > 16) {
            throw new IllegalArgumentException("an AE title has 1 to 16 characters: '" + aet + "'");
        }
        if (port < 0 || port > 65535 || maxAssociations < 1 || maxObjectBytes < 1 || readTimeout.isNegative()
                || readTimeout.isZero()) {
            throw new IllegalArgumentException("port 0-65535, at least one association, a positive size and timeout");
        }
    }
}
