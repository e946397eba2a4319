package org.mdm.api.spool;

import java.nio.channels.WritableByteChannel;
import org.mdm.api.MdmException;

/**
 * A file being written into the spool, with its space already reserved. Bytes go to a
 * temporary file; {@link #commit()} syncs and renames it into place. Closing without commit
 * deletes the temporary file and returns the reservation, so nothing partial is ever visible.
 *
 * <p>Writing more than was reserved grows the reservation if the spool has room, and fails with
 * {@link org.mdm.api.Status#NO_FREE_SPACE} otherwise.
 */
public interface SpoolWriter extends WritableByteChannel {

    /** The key of the file being written. */
    SpoolKey key();

    /**
     * Makes the file visible: sync, atomic rename, and return it pinned.
     *
     * @throws MdmException if the data cannot be made durable; the temporary file is removed
     */
    SpoolFile commit() throws MdmException;

    /** Aborts the write unless it was committed. */
    @Override
    void close();
}
