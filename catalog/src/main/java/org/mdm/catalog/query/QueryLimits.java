package org.mdm.catalog.query;

import java.time.Duration;

/**
 * How much one query may return and how long it may take, reading and handing over rows included.
 *
 * @param maxRows rows handed over at most; a query with more ends {@linkplain QueryOutcome#truncated() truncated}
 * @param timeout the query's deadline from its start
 */
public record QueryLimits(long maxRows, Duration timeout) {
    public QueryLimits {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, not " + maxRows);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, not " + timeout);
        }
    }
}
