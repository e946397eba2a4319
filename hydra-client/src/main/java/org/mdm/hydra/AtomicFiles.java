package org.mdm.hydra;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Writes a file all or nothing: a temporary file in the target's directory (so the rename
 * stays on one file system), fsync, atomic rename, fsync of the directory. On any failure the
 * temporary file is deleted and the target is left as it was.
 */
final class AtomicFiles {
    private AtomicFiles() {
    }

    /** The body of a write: fills the stream, returns a result. */
    @FunctionalInterface
    interface Body {
        long write(OutputStream out) throws MdmException, IOException;
    }

    /**
     * Runs {@code body} against a temporary file and renames it to {@code target} on success.
     *
     * @param ownerOnly create the temporary file rw------- (plaintext must never be readable by others)
     */
    static long write(Path target, boolean ownerOnly, Body body) throws MdmException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = null;
        boolean done = false;
        try {
            temp = createTemp(dir, absolute.getFileName().toString(), ownerOnly);
            long result;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                // Not closed: closing the stream would close the channel before force().
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), Sealer.BUFFER);
                result = body.write(out);
                out.flush();
                channel.force(true);
            }
            move(temp, absolute);
            done = true;
            syncDirectory(dir);
            return result;
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Cannot write " + target + ": " + e.getMessage()
                    + "; check the directory's permissions and free space", e);
        } finally {
            if (!done && temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The original failure is what the caller needs to see.
                }
            }
        }
    }

    private static Path createTemp(Path dir, String name, boolean ownerOnly) throws IOException {
        String prefix = "." + name + ".";
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        if (posix) {
            // Owner-only from creation: there is no window in which others could open it.
            FileAttribute<?> perms = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                    ownerOnly ? "rw-------" : "rw-r--r--"));
            return Files.createTempFile(dir, prefix, ".part", perms);
        }
        return Files.createTempFile(dir, prefix, ".part");
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system cannot rename atomically in " + target.getParent(), e);
        }
    }

    /** Makes the rename durable; some file systems cannot open a directory, which is harmless. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // Durability of the directory entry is best effort; the data itself is synced.
        }
    }
}
