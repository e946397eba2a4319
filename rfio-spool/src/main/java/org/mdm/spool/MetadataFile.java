package org.mdm.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import org.mdm.api.Checksums;
import org.mdm.api.spool.SpoolKey;

/**
 * Reads and writes the sidecar that records a spool file's size, ADLER32 and creation time.
 * A sidecar rather than an extended attribute because it works on every file system and is
 * easy to inspect; it is renamed into place before the data, so complete data always has its
 * metadata, and recovery drops whichever half is alone.
 *
 * <p>It is written only after the data is synced, and it is not synced itself: the spool is a
 * buffer, and a sidecar that a crash leaves empty or torn fails to parse (it must end with the
 * {@code end} line), so recovery drops the file and the next request regenerates the same
 * bytes. One fsync per file instead of three is what lets a series be spooled as fast as it
 * arrives.
 */
final class MetadataFile {
    private static final String HEADER = "# mdm spool metadata v1";
    private static final int MAX_BYTES = 4096;
    private static final String END = "end";

    private MetadataFile() {
    }

    /** Writes {@code file}'s metadata to the new file {@code target} and syncs it to disk. */
    static void write(Path target, StoredFile file) throws IOException {
        String text = HEADER + "\nkey=" + file.key().value() + "\nsize=" + file.size()
                + "\nadler32=" + Checksums.adler32Hex(file.adler32()) + "\ncreated=" + file.createdAt() + "\n" + END + "\n";
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    /**
     * Reads the metadata of {@code key} from {@code source}.
     *
     * @throws IOException if it cannot be read, is malformed, or belongs to another key
     */
    static StoredFile read(Path source, SpoolKey key) throws IOException {
        if (Files.size(source) > MAX_BYTES) {
            throw new IOException("spool metadata of " + key + " is too large to be ours");
        }
        String[] lines = Files.readString(source, StandardCharsets.US_ASCII).split("\n");
        if (lines.length == 0 || !HEADER.equals(lines[0])) {
            throw new IOException("spool metadata of " + key + " has no '" + HEADER + "' header");
        }
        if (!END.equals(lines[lines.length - 1])) {
            throw new IOException("spool metadata of " + key + " is incomplete (no '" + END + "' line)");
        }
        Map<String, String> fields = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int eq = lines[i].indexOf('=');
            if (eq > 0) {
                fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
            }
        }
        if (!key.value().equals(fields.get("key"))) {
            throw new IOException("spool metadata names key " + fields.get("key") + ", expected " + key);
        }
        try {
            return new StoredFile(key, Long.parseLong(require(fields, "size", key)),
                    Long.parseLong(require(fields, "adler32", key), 16),
                    Instant.parse(require(fields, "created", key)));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IOException("spool metadata of " + key + " is malformed: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException("spool metadata of " + key + " is out of range: " + e.getMessage(), e);
        }
    }

    private static String require(Map<String, String> fields, String name, SpoolKey key) throws IOException {
        String value = fields.get(name);
        if (value == null) {
            throw new IOException("spool metadata of " + key + " lacks '" + name + "'");
        }
        return value;
    }
}
