package org.mdm.spool;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.spool.SpoolKey;

/** A handle on a complete spool file that keeps it pinned until closed (once). */
final class PinnedFile implements SpoolFile {
    private final StoredFile file;
    private final Path path;
    private final SpoolIndex index;
    private final AtomicBoolean closed = new AtomicBoolean();

    PinnedFile(StoredFile file, Path path, SpoolIndex index) {
        this.file = file;
        this.path = path;
        this.index = index;
    }

    @Override
    public SpoolKey key() {
        return file.key();
    }

    @Override
    public Path path() {
        return path;
    }

    @Override
    public long size() {
        return file.size();
    }

    @Override
    public long adler32() {
        return file.adler32();
    }

    @Override
    public Instant createdAt() {
        return file.createdAt();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            index.unpin(file.key());
        }
    }

    @Override
    public String toString() {
        return "SpoolFile[" + file.key() + ", " + file.size() + " bytes]";
    }
}
