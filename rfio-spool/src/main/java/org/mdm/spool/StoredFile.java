package org.mdm.spool;

import java.time.Instant;
import java.util.Objects;
import org.mdm.api.spool.SpoolKey;

/**
 * What the spool knows of a complete file; persisted beside it so a restart need not re-read it.
 *
 * @param key       the key
 * @param size      the size in bytes
 * @param adler32   the ADLER32 of the content
 * @param createdAt when it was committed
 */
record StoredFile(SpoolKey key, long size, long adler32, Instant createdAt) {
    StoredFile {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(createdAt, "createdAt");
        if (size < 0 || adler32 < 0 || adler32 > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("size " + size + " or adler32 " + adler32 + " out of range");
        }
    }
}
