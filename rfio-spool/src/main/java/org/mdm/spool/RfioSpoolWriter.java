package org.mdm.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.Adler32;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.spool.SpoolKey;
import org.mdm.api.spool.SpoolWriter;

/**
 * Writes one file into the spool's temporary area, computing its ADLER32 as bytes pass.
 * Methods are synchronized so that a cancelling thread may close a writer another thread uses.
 *
 * <p>A write beyond the reservation grows it (and the preallocated file) first; if the spool
 * cannot, the write is aborted and {@link #write} throws an {@link IOException} whose cause is
 * an {@link MdmException} with {@link Status#NO_FREE_SPACE}.
 */
final class RfioSpoolWriter implements SpoolWriter {
    /** Grow by at least this much, so a writer that under-reserved does not preallocate per write. */
    private static final long GROWTH_STEP = 1 << 20;

    private final RfioSpool spool;
    private final SpoolKey key;
    private final Path temp;
    private final FileChannel channel;
    private final Reservation reservation;
    private final Adler32 adler32 = new Adler32();
    private long preallocated;
    private long written;
    private boolean finished;

    RfioSpoolWriter(RfioSpool spool, Path temp, FileChannel channel, Reservation reservation, long preallocated) {
        this.spool = spool;
        this.key = reservation.key();
        this.temp = temp;
        this.channel = channel;
        this.reservation = reservation;
        this.preallocated = preallocated;
    }

    @Override
    public SpoolKey key() {
        return key;
    }

    @Override
    public synchronized int write(ByteBuffer src) throws IOException {
        if (finished) {
            throw new ClosedChannelException();
        }
        long end = written + src.remaining();
        if (end > preallocated) {
            grow(end - preallocated);
        }
        ByteBuffer passing = src.duplicate();
        int n;
        try {
            n = channel.write(src);
        } catch (IOException e) {
            abort();
            throw e;
        }
        passing.limit(passing.position() + n);
        adler32.update(passing);
        written += n;
        return n;
    }

    private void grow(long needed) throws IOException {
        try {
            try {
                spool.reserve(reservation, temp, preallocated, Math.max(needed, GROWTH_STEP));
                preallocated += Math.max(needed, GROWTH_STEP);
            } catch (MdmException e) {
                if (needed >= GROWTH_STEP || e.status() != Status.NO_FREE_SPACE) {
                    throw e;
                }
                spool.reserve(reservation, temp, preallocated, needed); // the exact need may still fit
                preallocated += needed;
            }
        } catch (MdmException e) {
            abort();
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public synchronized SpoolFile commit() throws MdmException {
        if (finished) {
            throw new MdmException(Status.INVALID_REQUEST, "Spool writer for " + key
                    + " was already committed or closed; allocate again to write the file");
        }
        try {
            channel.truncate(written); // give back what was preallocated but not used
            channel.force(true);
            channel.close();
        } catch (IOException e) {
            abort();
            throw new MdmException(Status.IO_ERROR, "Spool could not sync " + key + " to disk: " + e.getMessage()
                    + "; check the spool file system and retry", e);
        }
        finished = true;
        return spool.publish(reservation, temp, written, adler32.getValue());
    }

    @Override
    public synchronized boolean isOpen() {
        return !finished;
    }

    /** Deletes the temporary file and returns the reservation, unless committed. */
    @Override
    public synchronized void close() {
        if (!finished) {
            abort();
        }
    }

    private void abort() {
        finished = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file is deleted next; nothing of it is kept
        }
        spool.discard(reservation, temp);
    }
}
