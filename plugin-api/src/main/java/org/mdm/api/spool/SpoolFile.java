package org.mdm.api.spool;

import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalLong;
import org.mdm.api.FileAttributes;

/**
 * A complete file in the spool, pinned for as long as this handle is open: eviction skips it.
 * Closing unpins it; closing twice is harmless.
 */
public interface SpoolFile extends AutoCloseable {

    /** The file's key. */
    SpoolKey key();

    /** Where the file is; read it, never modify it. */
    Path path();

    /** The size in bytes. */
    long size();

    /** The ADLER32 of the content, computed while it was written. */
    long adler32();

    /** When the file was written. */
    Instant createdAt();

    /** Size, checksum and time as a door reports them. */
    default FileAttributes attributes() {
        return new FileAttributes(size(), OptionalLong.of(adler32()), createdAt());
    }

    /** Unpins the file. */
    @Override
    void close();
}
