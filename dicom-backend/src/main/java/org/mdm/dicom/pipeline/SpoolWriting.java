package org.mdm.dicom.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.spool.SpoolKey;
import org.mdm.api.spool.SpoolWriter;

/** Writes a finished, in-memory result into the spool: reserve the exact size, write, commit. */
final class SpoolWriting {
    private SpoolWriting() {
    }

    /**
     * Stores {@code content} under {@code key} and returns it pinned. Space is reserved for the
     * whole content before the first byte is written, so a full spool fails before any I/O and
     * leaves nothing behind.
     */
    static SpoolFile store(Spool spool, SpoolKey key, ByteBuffer content, Object label) throws MdmException {
        try (SpoolWriter writer = spool.allocate(key, content.remaining())) {
            while (content.hasRemaining()) {
                writer.write(content);
            }
            return writer.commit();
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Could not write " + label + " to the spool: " + e.getMessage()
                    + ". Check the spool's file system.", e);
        }
    }
}
