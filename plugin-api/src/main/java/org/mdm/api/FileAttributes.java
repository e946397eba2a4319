package org.mdm.api;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a door reports about a file: size, ADLER32 checksum (when known) and modification time.
 *
 * @param size         the size in bytes
 * @param adler32      the ADLER32 of the content as an unsigned 32-bit value, when known
 * @param modifiedAt   the last modification time
 */
public record FileAttributes(long size, OptionalLong adler32, Instant modifiedAt) {

    /** Validates the fields. */
    public FileAttributes {
        if (size < 0) {
            throw new IllegalArgumentException("size < 0");
        }
        Objects.requireNonNull(adler32, "adler32");
        Objects.requireNonNull(modifiedAt, "modifiedAt");
        if (adler32.isPresent() && (adler32.getAsLong() < 0 || adler32.getAsLong() > 0xFFFF_FFFFL)) {
            throw new IllegalArgumentException("adler32 out of range");
        }
    }

    /** The checksum in the 8-digit lower-case hex form GridFTP and SRM use, or null. */
    public String adler32Hex() {
        return adler32.isPresent() ? Checksums.adler32Hex(adler32.getAsLong()) : null;
    }
}
