package org.mdm.se.srm;

import java.time.Duration;

/**
 * What one client may ask of the SRM door, so that requests and pins stay bounded.
 *
 * @param maxRequestBytes      largest SOAP body; a bigger one is refused before it is parsed
 * @param defaultPin           pin lifetime when the client asks for none
 * @param maxPin               longest pin granted (a longer desiredPinLifeTime is cut to it): the
 *                             spool is a buffer, and a client that never releases must not fill it
 * @param maxRequestsPerClient get and bring-online requests one DN may have unfinished
 * @param maxFilesPerRequest   SURLs in one request (srmLs, srmPrepareToGet, …)
 * @param lsMaxEntries         entries one srmLs returns; more gives SRM_TOO_MANY_RESULTS and the
 *                             client pages with offset and count
 * @param keepFinished         how long a finished request stays visible to srmStatusOf*
 */
public record SrmLimits(int maxRequestBytes, Duration defaultPin, Duration maxPin, int maxRequestsPerClient,
        int maxFilesPerRequest, int lsMaxEntries, Duration keepFinished) {

    /** A site's starting point: 1 MiB, pins 10 min (at most 1 h), 100 requests, 1000 SURLs, 1000 entries. */
    public static final SrmLimits DEFAULTS = new SrmLimits(1 << 20, Duration.ofMinutes(10), Duration.ofHours(1),
            100, 1000, 1000, Duration.ofMinutes(10));

    public SrmLimits {
        if (maxRequestBytes < 1024 || maxRequestsPerClient < 1 || maxFilesPerRequest < 1 || lsMaxEntries < 1
                || defaultPin.isNegative() || defaultPin.isZero() || maxPin.compareTo(defaultPin) < 0) {
            throw new IllegalArgumentException("SRM limits out of range: " + SrmLimits.this);
        }
    }

    /** The pin granted for {@code desiredSeconds} (0 or less: none asked). */
    Duration pinFor(long desiredSeconds) {
        if (desiredSeconds <= 0) {
            return defaultPin;
        }
        Duration desired = Duration.ofSeconds(desiredSeconds);
        return desired.compareTo(maxPin) > 0 ? maxPin : desired;
    }
}
