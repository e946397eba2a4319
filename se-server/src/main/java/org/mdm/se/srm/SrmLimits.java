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
 * @param answerWithin         how long srmPrepareToGet and srmBringOnline wait for their files before
 *                             answering "queued": files staged by then come back pinned (with their
 *                             TURL) in the first answer, as dCache does, which spares the client a
 *                             poll (gfal2 polls first after 0.5 s); 0 answers at once
 */
public record SrmLimits(int maxRequestBytes, Duration defaultPin, Duration maxPin, int maxRequestsPerClient,
        int maxFilesPerRequest, int lsMaxEntries, Duration keepFinished, Duration answerWithin) {

    /**
     * A site's starting point: 1 MiB, pins 10 min (at most 1 h), 100 requests, 1000 SURLs, 1000
     * entries, finished requests kept 10 min, 300 ms for a first answer.
     */
    public static final SrmLimits DEFAULTS = new SrmLimits(1 << 20, Duration.ofMinutes(10), Duration.ofHours(1),
            100, 1000, 1000, Duration.ofMinutes(10), Duration.ofMillis(300));

    public SrmLimits {
        if (maxRequestBytes < 1024 || maxRequestsPerClient < 1 || maxFilesPerRequest < 1 || lsMaxEntries < 1
                || defaultPin.isNegative() || defaultPin.isZero() || maxPin.compareTo(defaultPin) < 0
                || answerWithin.isNegative()) {
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
