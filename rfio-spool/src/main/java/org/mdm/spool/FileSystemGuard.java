package org.mdm.spool;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.SpoolKey;
import org.mdm.nativeio.FileSystemSpace;
import org.mdm.nativeio.NativeIo;
import org.mdm.nativeio.NativeIoException;

/**
 * Makes a reservation real on disk: checks the file system keeps {@code min.free} after it,
 * then preallocates the blocks, so a full disk is found before a byte is written, not halfway.
 */
final class FileSystemGuard {
    private final NativeIo io;
    private final Path dir;
    private final long minFree;
    /**
     * Bytes admitted by the free-space check but not yet preallocated: statvfs cannot see them
     * yet, and without counting them concurrent writers could each pass the check and together
     * eat into {@code min.free}.
     */
    private final AtomicLong inFlight = new AtomicLong();

    FileSystemGuard(NativeIo io, Path dir, long minFree) {
        this.io = io;
        this.dir = dir;
        this.minFree = minFree;
    }

    /**
     * Preallocates bytes {@code [offset, offset + bytes)} of {@code temp} for {@code key}.
     *
     * @throws MdmException NO_FREE_SPACE if the file system has no room, IO_ERROR otherwise;
     *                      the file then has its former size
     */
    void reserve(SpoolKey key, Path temp, long offset, long bytes) throws MdmException {
        if (bytes == 0) {
            return;
        }
        long pending = inFlight.addAndGet(bytes);
        try {
            checkFree(key, bytes, pending - bytes);
            io.allocate(temp, offset, bytes);
        } catch (NativeIoException e) {
            if (e.isNoSpace()) {
                throw new MdmException(Status.NO_FREE_SPACE, "Spool " + dir + " could not preallocate " + bytes
                        + " bytes for " + key + ": " + e.getMessage()
                        + "; free space on that file system, lower 'capacity', or retry later", e);
            }
            throw ioError(key, bytes, e);
        } catch (IOException e) {
            throw ioError(key, bytes, e);
        } finally {
            inFlight.addAndGet(-bytes);
        }
    }

    private void checkFree(SpoolKey key, long bytes, long othersPending) throws MdmException {
        FileSystemSpace space;
        try {
            space = io.space(dir);
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Spool " + dir + " cannot read its file system's free space"
                    + " to reserve " + bytes + " bytes for " + key + ": " + e.getMessage()
                    + "; check the spool directory is mounted and readable", e);
        }
        long available = space.availableBytes() - othersPending;
        if (available - bytes < minFree) {
            throw new MdmException(Status.NO_FREE_SPACE, "Spool " + dir + " cannot reserve " + bytes + " bytes for "
                    + key + ": its file system has " + available + " bytes available and 'min.free'"
                    + " keeps " + minFree + " free; free space on that file system, lower 'min.free' or"
                    + " 'capacity', or retry later");
        }
    }

    private MdmException ioError(SpoolKey key, long bytes, IOException e) {
        return new MdmException(Status.IO_ERROR, "Spool " + dir + " could not preallocate " + bytes + " bytes for "
                + key + ": " + e.getMessage() + "; check the spool directory's file system", e);
    }
}
