package org.mdm.catalog;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Opens the embedded catalogue one process at a time. H2's mixed mode decides who serves the
 * file through a cooperative lock file whose protocol relies on timing: two processes opening it
 * at once (`mdm serve` and `mdm register` started together, two registrations) can both lose,
 * with "Lock file recently modified", "Locked by another process" before the winner has written
 * its server address, or a closed database. So openers take an operating-system lock on a file
 * beside the catalogue for the length of the open and the schema migration, and an opener that
 * still loses a race with a process that is starting to serve, or exiting, tries again for a while.
 */
final class EmbeddedOpening {
    /** The opening lock file: it holds nothing; the kernel's lock on it is what counts. */
    static final String LOCK_FILE = "catalog.opening";
    private static final long PATIENCE_MS = 30_000;
    /** H2's lock-protocol losses, and a handover while the schema was being checked. */
    private static final Set<Integer> LOST_RACE = Set.of(8000, 90020, 90121, 90067);
    /** A kernel file lock is per process: threads of one JVM queue here first. */
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_THIS_PROCESS = new ConcurrentHashMap<>();

    /** What opens the database once. */
    @FunctionalInterface
    interface Attempt {
        CatalogDatabase open() throws MdmException;
    }

    private EmbeddedOpening() {
    }

    static CatalogDatabase open(Path directory, Attempt attempt) throws MdmException {
        Path key = directory.toAbsolutePath().normalize();
        ReentrantLock local = IN_THIS_PROCESS.computeIfAbsent(key, k -> new ReentrantLock());
        local.lock();
        try (FileChannel channel = FileChannel.open(key.resolve(LOCK_FILE), Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                FileLock held = channel.lock()) {
            return retrying(attempt);
        } catch (IOException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Cannot lock " + key.resolve(LOCK_FILE)
                    + " to open the catalogue: " + MdmException.describe(e) + ". Check the directory's owner and"
                    + " free space.", e);
        } finally {
            local.unlock();
        }
    }

    private static CatalogDatabase retrying(Attempt attempt) throws MdmException {
        long deadline = System.nanoTime() + PATIENCE_MS * 1_000_000;
        for (long pause = 100;; pause = Math.min(2 * pause, 2_000)) {
            try {
                return attempt.open();
            } catch (MdmException e) {
                if (!lostRace(e) || System.nanoTime() + pause * 1_000_000 > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(pause + ThreadLocalRandom.current().nextLong(pause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MdmException(Status.CONFIGURATION_ERROR, "Interrupted while opening the catalogue.", e);
            }
        }
    }

    static boolean lostRace(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && LOST_RACE.contains(sql.getErrorCode())) {
                return true;
            }
        }
        return false;
    }
}
