package org.mdm.gridftp.client;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * A local destination written atomically: a temporary file in the same directory (so the final
 * rename stays on one file system), flushed to disk, then renamed over the target. A failed or
 * cancelled download removes the temporary file, so the target never looks complete when it is
 * not.
 */
final class LocalTarget {

    /** Writes into a file channel. */
    interface Writer {
        TransferResult write(FileChannel file) throws MdmException, IOException;
    }

    private LocalTarget() {
    }

    static TransferResult write(Path target, String source, Writer writer) throws MdmException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (Files.isDirectory(abs)) {
            throw new MdmException(Status.INVALID_REQUEST, "Cannot download " + source + " to " + target
                    + ": it is a directory; name the file to create.");
        }
        Path temp;
        try {
            temp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Cannot create a file in " + dir + " for the download of " + source
                    + ": " + MdmException.describe(e) + ". Check that the directory exists and is writable.", e);
        }
        boolean done = false;
        try {
            TransferResult result;
            try (FileChannel file = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                result = writer.write(file);
                file.force(true);
            }
            move(temp, abs);
            done = true;
            return result;
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Cannot write " + target + " (download of " + source + "): "
                    + MdmException.describe(e), e);
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // a leftover .part file is named as such; nothing else to do
                }
            }
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
