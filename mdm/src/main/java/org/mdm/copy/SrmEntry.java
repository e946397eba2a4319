package org.mdm.copy;

import java.util.List;

/**
 * One path as srmLs describes it.
 *
 * @param adler32 the ADLER32 the server recorded, 8 hex digits, or null when it gave none
 */
record SrmEntry(String path, boolean directory, long size, String adler32, List<SrmEntry> children) {
}
