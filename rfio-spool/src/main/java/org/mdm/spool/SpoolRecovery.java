package org.mdm.spool;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mdm.api.spool.SpoolKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a spool's contents from its directory after a restart: unfinished writes are
 * deleted, each complete file is read back from its metadata (the data is not re-read), and a
 * data or metadata file without its partner is deleted. Log lines name keys only: paths and
 * contents of a medical spool are not for logs.
 */
final class SpoolRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolRecovery.class);

    /**
     * A file found on disk.
     *
     * @param file       what its metadata says
     * @param lastAccess its data file's modification time, which the spool sets on every open
     */
    record Found(StoredFile file, Instant lastAccess) {
    }

    private final SpoolLayout layout;

    SpoolRecovery(SpoolLayout layout) {
        this.layout = layout;
    }

    /** The complete files, least recently used first, after cleaning up everything else. */
    List<Found> recover() throws IOException {
        removeTemps();
        Set<SpoolKey> data = new HashSet<>();
        Set<SpoolKey> meta = new HashSet<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(layout.dir())) {
            for (Path p : dir) {
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue; // .tmp, lost+found: not ours to judge
                }
                String name = p.getFileName().toString();
                SpoolLayout.keyOfMeta(name).ifPresentOrElse(meta::add,
                        () -> SpoolLayout.keyOfData(name).ifPresent(data::add));
            }
        }
        List<Found> found = new ArrayList<>();
        for (SpoolKey key : data) {
            if (meta.remove(key)) {
                readBack(key).ifPresent(found::add);
            } else {
                Files.deleteIfExists(layout.data(key));
                LOG.warn("Removed spool data without metadata: {}", key);
            }
        }
        for (SpoolKey key : meta) {
            Files.deleteIfExists(layout.meta(key));
            LOG.warn("Removed spool metadata without data: {}", key);
        }
        found.sort(Comparator.comparing(Found::lastAccess));
        return found;
    }

    private Optional<Found> readBack(SpoolKey key) throws IOException {
        Path dataFile = layout.data(key);
        try {
            StoredFile file = MetadataFile.read(layout.meta(key), key);
            if (file.size() != Files.size(dataFile)) {
                throw new IOException("size differs from metadata");
            }
            return Optional.of(new Found(file, Files.getLastModifiedTime(dataFile).toInstant()));
        } catch (IOException e) {
            Files.deleteIfExists(dataFile);
            Files.deleteIfExists(layout.meta(key));
            LOG.warn("Removed spool file with unusable metadata: {}", key);
            return Optional.empty();
        }
    }

    private void removeTemps() throws IOException {
        Files.createDirectories(layout.temps());
        int removed = 0;
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(layout.temps())) {
            for (Path temp : temps) {
                Files.deleteIfExists(temp);
                removed++;
            }
        }
        if (removed > 0) {
            LOG.info("Removed {} unfinished spool write(s)", removed);
        }
    }
}
