package org.mdm.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolEntry;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.spool.SpoolKey;
import org.mdm.api.spool.SpoolWriter;
import org.mdm.nativeio.NativeIo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A spool in one directory of a local file system (see {@link SpoolLayout} for the files).
 *
 * <p>Space is reserved in three steps before a byte is written: against the capacity (evicting
 * unpinned files, least recently used first), against the file system's real free space less
 * {@code min.free}, and by preallocating the temporary file. A commit syncs the data, writes and
 * syncs the metadata sidecar, renames both into place and syncs the directory. The index lock
 * is held only for bookkeeping; renames and deletions of one key are serialised by a per-key
 * lock, and file contents are written with no lock but the writer's own.
 */
public final class RfioSpool implements Spool {
    private static final Logger LOG = LoggerFactory.getLogger(RfioSpool.class);

    private final SpoolLayout layout;
    private final SpoolIndex index;
    private final KeyLocks keyLocks = new KeyLocks();
    private final FileSystemGuard guard;
    private final NativeIo io;
    private final DirectoryLock directoryLock;
    private volatile boolean closed;

    private RfioSpool(SpoolConfig config, NativeIo io, DirectoryLock directoryLock) {
        this.layout = new SpoolLayout(config.dir());
        this.index = new SpoolIndex(config.dir().toString(), config.capacity());
        this.guard = new FileSystemGuard(io, config.dir(), config.minFree());
        this.io = io;
        this.directoryLock = directoryLock;
    }

    /**
     * Opens the spool in {@code config.dir()}, creating the directory or recovering what a
     * previous run left there.
     *
     * @throws MdmException CONFIGURATION_ERROR if the directory cannot be created or is in use,
     *                      IO_ERROR if recovery fails
     */
    public static RfioSpool open(SpoolConfig config) throws MdmException {
        return open(config, NativeIo.get());
    }

    /** As {@link #open(SpoolConfig)}, with the given native I/O (tests pass the fallback). */
    public static RfioSpool open(SpoolConfig config, NativeIo io) throws MdmException {
        Path dir = config.dir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Spool directory " + dir + " (key 'dir') cannot be"
                    + " created: " + e + "; create it or point 'dir' at a writable directory", e);
        }
        DirectoryLock lock = DirectoryLock.acquire(new SpoolLayout(dir).lockFile(), dir);
        RfioSpool spool = new RfioSpool(config, io, lock);
        try {
            spool.recover();
        } catch (IOException e) {
            spool.close();
            throw new MdmException(Status.IO_ERROR, "Spool " + dir + " could not be recovered: " + e
                    + "; check the directory's permissions and file system", e);
        }
        return spool;
    }

    private void recover() throws IOException {
        List<SpoolRecovery.Found> found = new SpoolRecovery(layout).recover();
        for (SpoolRecovery.Found f : found) {
            index.restore(f.file(), f.lastAccess());
        }
        List<StoredFile> excess = index.shrinkToCapacity();
        deleteEvicted(excess);
        LOG.info("Spool opened with {} file(s), {} of {} bytes used{}", found.size() - excess.size(),
                index.used(), index.capacity(),
                excess.isEmpty() ? "" : "; evicted " + excess.size() + " file(s) above the capacity");
    }

    @Override
    public Optional<SpoolFile> open(SpoolKey key) throws MdmException {
        ensureOpen();
        Instant now = Instant.now();
        Optional<StoredFile> file = index.pin(key, now);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Path data = layout.data(key);
        try {
            // the modification time carries the last access across a restart
            Files.setLastModifiedTime(data, FileTime.from(now));
        } catch (NoSuchFileException e) {
            index.forget(key);
            LOG.warn("Spool file vanished from disk, forgotten: {}", key);
            return Optional.empty();
        } catch (IOException e) {
            index.unpin(key);
            throw new MdmException(Status.IO_ERROR, "Spool file " + data + " cannot be opened: " + e
                    + "; check the spool file system", e);
        }
        return Optional.of(new PinnedFile(file.get(), data, index));
    }

    @Override
    public SpoolWriter allocate(SpoolKey key, long bytes) throws MdmException {
        ensureOpen();
        if (bytes < 0) {
            throw new MdmException(Status.INVALID_REQUEST, "Cannot reserve " + bytes + " bytes for spool file "
                    + key + ": the size must not be negative");
        }
        Reservation reservation = new Reservation(key);
        Path temp = layout.newTemp(key);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            reserve(reservation, temp, 0, bytes);
            return new RfioSpoolWriter(this, temp, channel, reservation, bytes);
        } catch (IOException e) {
            closeQuietly(channel);
            discard(reservation, temp);
            throw new MdmException(Status.IO_ERROR, "Spool " + layout.dir() + " cannot create a temporary file for "
                    + key + ": " + e + "; check the directory is writable", e);
        } catch (MdmException | RuntimeException e) {
            closeQuietly(channel);
            discard(reservation, temp);
            throw e;
        }
    }

    /**
     * Grows {@code reservation} by {@code bytes} and preallocates them in {@code temp} from
     * {@code offset}; on failure the reservation is as before.
     */
    void reserve(Reservation reservation, Path temp, long offset, long bytes) throws MdmException {
        deleteEvicted(index.reserve(reservation, bytes));
        try {
            guard.reserve(reservation.key(), temp, offset, bytes);
        } catch (MdmException | RuntimeException e) {
            index.release(reservation, bytes);
            throw e;
        }
    }

    /**
     * Makes a synced temporary file visible under its key and returns it pinned. If another
     * writer published the key first, theirs is kept and returned: keys name deterministic
     * content, and one consistent file matters more than whose bytes it is.
     */
    SpoolFile publish(Reservation reservation, Path temp, long size, long adler32) throws MdmException {
        SpoolKey key = reservation.key();
        StoredFile file = new StoredFile(key, size, adler32, Instant.now());
        Path tempMeta = SpoolLayout.tempMeta(temp);
        Lock lock = keyLocks.of(key);
        lock.lock();
        try {
            Optional<StoredFile> winner = index.pin(key, Instant.now());
            if (winner.isPresent()) {
                discard(reservation, temp);
                return new PinnedFile(winner.get(), layout.data(key), index);
            }
            MetadataFile.write(tempMeta, file);
            // metadata first: a crash between the renames leaves metadata alone, which recovery drops
            Files.move(tempMeta, layout.meta(key), StandardCopyOption.ATOMIC_MOVE);
            Files.move(temp, layout.data(key), StandardCopyOption.ATOMIC_MOVE);
            // No directory fsync: a rename lost in a crash only loses a buffer entry, which the
            // next request regenerates; recovery removes whatever half survived.
            index.commit(reservation, file, Instant.now());
        } catch (IOException e) {
            discard(reservation, temp);
            deleteQuietly(key, tempMeta, layout.meta(key), layout.data(key));
            throw new MdmException(Status.IO_ERROR, "Spool " + layout.dir() + " could not publish " + key + ": " + e
                    + "; check the spool file system and retry", e);
        } finally {
            lock.unlock();
        }
        // The pages stay cached: the caller that staged the file reads it next. Dropping them
        // belongs where a door has finished streaming a file it will not read again.
        return new PinnedFile(file, layout.data(key), index);
    }

    /** Deletes a temporary file and returns its whole reservation. */
    void discard(Reservation reservation, Path temp) {
        deleteQuietly(reservation.key(), temp);
        index.releaseAll(reservation);
    }

    @Override
    public List<SpoolEntry> list() {
        return index.list();
    }

    @Override
    public boolean holds(SpoolKey key) {
        return index.contains(key);
    }

    @Override
    public boolean evict(SpoolKey key) throws MdmException {
        ensureOpen();
        if (index.remove(key).isEmpty()) {
            return false;
        }
        deleteFiles(key);
        return true;
    }

    private void deleteEvicted(List<StoredFile> victims) {
        for (StoredFile victim : victims) {
            deleteFiles(victim.key());
        }
    }

    private void deleteFiles(SpoolKey key) {
        Lock lock = keyLocks.of(key);
        lock.lock();
        try {
            if (index.contains(key)) {
                return; // published again since it was evicted: these files are the new version
            }
            // data first: a crash in between leaves metadata alone, which recovery drops
            deleteQuietly(key, layout.data(key), layout.meta(key));
        } finally {
            lock.unlock();
        }
    }

    private static void deleteQuietly(SpoolKey key, Path... files) {
        for (Path file : files) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("Could not delete a spool file of {}: {}", key, e.getClass().getSimpleName());
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the file is deleted right after
            }
        }
    }

    @Override
    public long capacity() {
        return index.capacity();
    }

    @Override
    public long used() {
        return index.used();
    }

    private void ensureOpen() throws MdmException {
        if (closed) {
            throw new MdmException(Status.INVALID_REQUEST, "Spool " + layout.dir()
                    + " is closed; open it again to use it");
        }
    }

    /** Stops accepting work and frees the directory for another spool; open handles stay readable. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            directoryLock.close();
        } catch (IOException e) {
            LOG.warn("Could not release the spool directory lock: {}", e.getClass().getSimpleName());
        }
    }
}
