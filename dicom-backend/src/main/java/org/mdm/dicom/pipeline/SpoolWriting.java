package org.mdm.dicom.pipeline;

import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import org.mdm.api.MdmException;
import org.mdm.api.seal.SealingKey;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.spool.SpoolKey;
import org.mdm.api.spool.SpoolWriter;

/**
 * Writes a finished, in-memory result into the spool, sealed: reserve the exact sealed size,
 * seal into the writer, commit. The plaintext never reaches the file system.
 */
final class SpoolWriting {
    private SpoolWriting() {
    }

    /**
     * Seals {@code content} with {@code key} under {@code spoolKey} and returns the file pinned.
     * Space for the whole sealed file is reserved before the first byte is written, so a full
     * spool fails before any I/O; a failure while sealing leaves nothing behind (the writer is
     * closed uncommitted).
     */
    static SpoolFile store(Spool spool, SpoolKey spoolKey, SealingKey key, ByteBuffer content, Object label)
            throws MdmException {
        try (SpoolWriter writer = spool.allocate(spoolKey, key.sealedLength(content.remaining()))) {
            try {
                key.seal(content, Channels.newOutputStream(writer));
            } catch (MdmException e) {
                throw new MdmException(e.status(), "Could not write sealed " + label + " to the spool: "
                        + e.getMessage(), e);
            }
            return writer.commit();
        }
    }
}
