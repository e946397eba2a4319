package org.mdm.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import org.mdm.api.spool.SpoolKey;

/**
 * Where each file of a spool lives. Keys never start with '.', so the hidden names used here
 * ({@code .tmp/}, {@code .<key>.meta}, {@code .lock}) can never collide with a file's data.
 *
 * <pre>
 *   dir/&lt;key&gt;                 complete data
 *   dir/.&lt;key&gt;.meta           its size, ADLER32 and creation time
 *   dir/.tmp/&lt;key&gt;.&lt;random&gt;   data being written (and its .meta before publication)
 *   dir/.lock                 held while a spool instance owns the directory
 * </pre>
 */
final class SpoolLayout {
    private static final String META_SUFFIX = ".meta";

    private final Path dir;

    SpoolLayout(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    Path temps() {
        return dir.resolve(".tmp");
    }

    Path lockFile() {
        return dir.resolve(".lock");
    }

    Path data(SpoolKey key) {
        return dir.resolve(key.value());
    }

    Path meta(SpoolKey key) {
        return dir.resolve("." + key.value() + META_SUFFIX);
    }

    /** A fresh temporary name for data of {@code key}; random so concurrent writers never clash. */
    Path newTemp(SpoolKey key) {
        return temps().resolve(key.value() + "." + UUID.randomUUID());
    }

    /** The temporary name of the metadata belonging to temporary data {@code temp}. */
    static Path tempMeta(Path temp) {
        return temp.resolveSibling(temp.getFileName() + META_SUFFIX);
    }

    /** The key whose data file has this name, if it is one. */
    static Optional<SpoolKey> keyOfData(String fileName) {
        return parseKey(fileName);
    }

    /** The key whose metadata file has this name, if it is one. */
    static Optional<SpoolKey> keyOfMeta(String fileName) {
        if (fileName.length() <= 1 + META_SUFFIX.length() || !fileName.startsWith(".")
                || !fileName.endsWith(META_SUFFIX)) {
            return Optional.empty();
        }
        return parseKey(fileName.substring(1, fileName.length() - META_SUFFIX.length()));
    }

    private static Optional<SpoolKey> parseKey(String name) {
        try {
            return Optional.of(new SpoolKey(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Makes renames and deletions in {@code directory} durable. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
