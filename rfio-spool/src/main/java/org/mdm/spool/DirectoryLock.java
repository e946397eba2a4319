package org.mdm.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Keeps a second spool (in this or another process) off a directory this one owns: recovery
 * would otherwise delete the other's temporary files, and the two indexes would disagree.
 */
final class DirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock on {@code lockFile}.
     *
     * @throws MdmException CONFIGURATION_ERROR if another spool holds it
     */
    static DirectoryLock acquire(Path lockFile, Path dir) throws MdmException {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) {
                return new DirectoryLock(channel, lock);
            }
        } catch (OverlappingFileLockException e) {
            // held by another spool in this JVM: same answer as another process
        } catch (IOException e) {
            closeQuietly(channel);
            throw new MdmException(Status.CONFIGURATION_ERROR, "Spool directory " + dir + " cannot be locked: "
                    + e.getMessage() + "; check the directory is writable", e);
        }
        closeQuietly(channel);
        throw new MdmException(Status.CONFIGURATION_ERROR, "Spool directory " + dir
                + " is already used by another spool; give each spool its own 'dir' or stop the other one");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was locked through it
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
