package org.mdm.spool;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.SpoolEntry;
import org.mdm.api.spool.SpoolKey;

/**
 * The spool's bookkeeping: which files it holds, in least-recently-used order, how often each
 * is pinned, and how many bytes files and reservations take. Pure memory and one monitor:
 * nothing here touches the disk, so the lock is only ever held for a moment.
 */
final class SpoolIndex {
    private final String spoolName;
    private final long capacity;
    /**
     * Insertion order, and every use re-inserts: iteration starts with the least recently used
     * entry. Not access order, because then a mere lookup (unpin, evict check) would count as use.
     */
    private final LinkedHashMap<SpoolKey, Entry> entries = new LinkedHashMap<>();
    private long stored;
    private long reserved;

    private static final class Entry {
        final StoredFile file;
        Instant lastAccess;
        int pins;

        Entry(StoredFile file, Instant lastAccess) {
            this.file = file;
            this.lastAccess = lastAccess;
        }
    }

    SpoolIndex(String spoolName, long capacity) {
        this.spoolName = spoolName;
        this.capacity = capacity;
    }

    long capacity() {
        return capacity;
    }

    synchronized long used() {
        return stored + reserved;
    }

    /** Adds a file found on disk at start-up; callers add them oldest access first. */
    synchronized void restore(StoredFile file, Instant lastAccess) {
        Entry previous = entries.remove(file.key());
        entries.put(file.key(), new Entry(file, lastAccess));
        stored += file.size() - (previous == null ? 0 : previous.file.size());
    }

    /** Removes least recently used files until the complete files fit the capacity again. */
    synchronized List<StoredFile> shrinkToCapacity() {
        return evictUnpinned(stored + reserved - capacity);
    }

    /**
     * Adds {@code bytes} to {@code reservation}, first removing as many unpinned files as that
     * needs, least recently used first. Their files must then be deleted by the caller.
     *
     * @throws MdmException NO_FREE_SPACE, removing nothing, if even evicting every unpinned file
     *                      would not make room
     */
    synchronized List<StoredFile> reserve(Reservation reservation, long bytes) throws MdmException {
        long shortfall = stored + reserved + bytes - capacity;
        if (shortfall > 0 && shortfall > evictableBytes()) {
            throw new MdmException(Status.NO_FREE_SPACE, "Spool " + spoolName + " cannot reserve " + bytes
                    + " bytes for " + reservation.key() + ": its capacity is " + capacity + " bytes and "
                    + (stored + reserved - evictableBytes()) + " of them are held by files being read or"
                    + " written; raise 'capacity' or retry when readers and writers have finished");
        }
        List<StoredFile> victims = evictUnpinned(shortfall);
        reservation.add(bytes);
        reserved += bytes;
        return victims;
    }

    private long evictableBytes() {
        long total = 0;
        for (Entry e : entries.values()) {
            if (e.pins == 0) {
                total += e.file.size();
            }
        }
        return total;
    }

    private List<StoredFile> evictUnpinned(long bytes) {
        List<StoredFile> victims = new ArrayList<>();
        long freed = 0;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && freed < bytes; ) {
            Entry e = it.next();
            if (e.pins == 0) {
                it.remove();
                stored -= e.file.size();
                freed += e.file.size();
                victims.add(e.file);
            }
        }
        return victims;
    }

    /** Gives back up to {@code bytes} of {@code reservation}. */
    synchronized void release(Reservation reservation, long bytes) {
        long returned = Math.min(bytes, reservation.bytes());
        reservation.add(-returned);
        reserved -= returned;
    }

    /** Gives back all of {@code reservation}. */
    synchronized void releaseAll(Reservation reservation) {
        release(reservation, reservation.bytes());
    }

    /**
     * Turns a reservation into a complete file, pinned once, replacing the reservation's bytes
     * with the file's real size. The caller holds the key's lock and checked {@link #pin} first.
     */
    synchronized StoredFile commit(Reservation reservation, StoredFile file, Instant now) {
        reserved -= reservation.bytes();
        reservation.add(-reservation.bytes());
        Entry entry = new Entry(file, now);
        entry.pins = 1;
        Entry previous = entries.remove(file.key());
        entries.put(file.key(), entry);
        stored += file.size() - (previous == null ? 0 : previous.file.size());
        return file;
    }

    /** Pins the file under {@code key}, marking it just used, if the spool holds it. */
    synchronized Optional<StoredFile> pin(SpoolKey key, Instant now) {
        Entry e = entries.remove(key);
        if (e == null) {
            return Optional.empty();
        }
        entries.put(key, e); // now the most recently used
        e.pins++;
        e.lastAccess = now;
        return Optional.of(e.file);
    }

    /** Undoes one {@link #pin}. */
    synchronized void unpin(SpoolKey key) {
        Entry e = entries.get(key);
        if (e != null && e.pins > 0) {
            e.pins--;
        }
    }

    /**
     * Removes the unpinned file under {@code key}; the caller then deletes its files.
     *
     * @throws MdmException INVALID_REQUEST if it is pinned
     */
    synchronized Optional<StoredFile> remove(SpoolKey key) throws MdmException {
        Entry e = entries.get(key);
        if (e == null) {
            return Optional.empty();
        }
        if (e.pins > 0) {
            throw new MdmException(Status.INVALID_REQUEST, "Spool file " + key + " in " + spoolName
                    + " is being read by " + e.pins + " reader(s) and cannot be evicted; retry after they close it");
        }
        entries.remove(key);
        stored -= e.file.size();
        return Optional.of(e.file);
    }

    /** Forgets a file that vanished from disk behind the spool's back, pinned or not. */
    synchronized void forget(SpoolKey key) {
        Entry e = entries.remove(key);
        if (e != null) {
            stored -= e.file.size();
        }
    }

    synchronized boolean contains(SpoolKey key) {
        return entries.containsKey(key);
    }

    /** Every file, least recently used first. */
    synchronized List<SpoolEntry> list() {
        List<SpoolEntry> list = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) {
            list.add(new SpoolEntry(e.file.key(), e.file.size(), e.file.adler32(), e.lastAccess, e.pins));
        }
        return list;
    }
}
