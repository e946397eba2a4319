package org.mdm.api.namespace;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;
import org.mdm.api.FileAttributes;

/**
 * One name-space entry as a door shows it (MLST, SIZE, srmLs): known without staging, because
 * registration recorded the exact size and checksum of the sealed file.
 *
 * @param path      the absolute path
 * @param directory whether it is a directory
 * @param size      bytes of the sealed file (0 for a directory)
 * @param adler32   ADLER32 of the sealed file, for files
 * @param mode      POSIX permission bits
 */
public record NsFacts(String path, boolean directory, long size, OptionalLong adler32, Instant modifiedAt,
        String owner, String group, int mode) {

    public NsFacts {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(adler32, "adler32");
        Objects.requireNonNull(modifiedAt, "modifiedAt");
    }

    /** The file attributes doors already report. */
    public FileAttributes attributes() {
        return new FileAttributes(size, adler32, modifiedAt);
    }
}
