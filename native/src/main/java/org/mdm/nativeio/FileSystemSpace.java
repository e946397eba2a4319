package org.mdm.nativeio;

/**
 * The size of a file system and its free space, as statvfs(3) reports it.
 *
 * @param totalBytes     the size of the file system
 * @param freeBytes      free bytes including those reserved for root
 * @param availableBytes free bytes an unprivileged process may use; decide on this one
 */
public record FileSystemSpace(long totalBytes, long freeBytes, long availableBytes) {

    /** Validates the fields. */
    public FileSystemSpace {
        if (totalBytes < 0 || freeBytes < 0 || availableBytes < 0) {
            throw new IllegalArgumentException("negative space: total=" + totalBytes
                    + " free=" + freeBytes + " available=" + availableBytes);
        }
    }
}
