package org.mdm.catalog.query;

/**
 * How a query ended.
 *
 * @param rows      rows handed to the handler
 * @param truncated true when more rows matched than the limit allowed
 * @param stopped   true when the handler asked to stop
 */
public record QueryOutcome(long rows, boolean truncated, boolean stopped) {}
