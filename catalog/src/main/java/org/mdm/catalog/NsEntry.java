package org.mdm.catalog;

import java.time.Instant;

/**
 * One name-space entry as the SE and the commands see it.
 *
 * @param size    files: exact size of the sealed file; directories: 0
 * @param adler32 files: ADLER32 of the sealed file as 8 hex digits; directories: null
 * @param pfn     files: the replica's PFN; directories: null
 * @param guid    files: the file catalogue's GUID; directories: null
 */
public record NsEntry(NsPath path, boolean directory, String ownerDn, String group, int mode, NsStatus status,
        long size, String adler32, String pfn, String guid, Instant ctime, Instant mtime) {
}
