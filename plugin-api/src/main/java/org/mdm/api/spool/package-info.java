/**
 * The spool SPI: a bounded buffer of staged files. Space is reserved before the first byte is
 * written, files appear atomically, and a file being read is pinned so eviction skips it.
 */
package org.mdm.api.spool;
