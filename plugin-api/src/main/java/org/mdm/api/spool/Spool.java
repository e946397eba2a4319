package org.mdm.api.spool;

import java.util.List;
import java.util.Optional;
import org.mdm.api.MdmException;

/** A bounded buffer of staged files; safe for concurrent use. */
public interface Spool extends AutoCloseable {

    /** The file under this key, pinned, or empty if the spool does not hold it. */
    Optional<SpoolFile> open(SpoolKey key) throws MdmException;

    /**
     * Reserves {@code bytes} and returns a writer for a new file under this key, evicting
     * unpinned files (least recently used first) if needed.
     *
     * @throws MdmException {@link org.mdm.api.Status#NO_FREE_SPACE} before any byte is written
     *                      if the space cannot be had
     */
    SpoolWriter allocate(SpoolKey key, long bytes) throws MdmException;

    /** Whether a complete file is held under {@code key} now (nothing pinned, nothing touched). */
    default boolean holds(SpoolKey key) {
        return list().stream().anyMatch(e -> e.key().equals(key));
    }

    /** Every complete file, least recently used first. */
    List<SpoolEntry> list();

    /**
     * Removes an unpinned file.
     *
     * @return false if there was no such file
     * @throws MdmException {@link org.mdm.api.Status#INVALID_REQUEST} if the file is pinned
     */
    boolean evict(SpoolKey key) throws MdmException;

    /** The capacity in bytes. */
    long capacity();

    /** Bytes held by complete files and reservations. */
    long used();

    /** Releases resources; open handles stay readable until closed. */
    @Override
    void close();
}
