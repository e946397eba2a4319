package org.mdm.api.spool;

import java.time.Instant;

/**
 * One spool file as listed by an administrator.
 *
 * @param key        the key
 * @param size       the size in bytes
 * @param adler32    the ADLER32 of the content
 * @param lastAccess when it was last opened or written (drives LRU eviction)
 * @param pins       how many readers hold it now
 */
public record SpoolEntry(SpoolKey key, long size, long adler32, Instant lastAccess, int pins) {
}
