/**
 * The rfio spool: a bounded directory of staged files with space reserved before writing,
 * atomic publication, pinning while read, LRU eviction, and recovery after a restart.
 * Open one with {@link org.mdm.spool.RfioSpoolProvider} (type {@code rfio}) or
 * {@link org.mdm.spool.RfioSpool#open(SpoolConfig)}.
 */
package org.mdm.spool;
