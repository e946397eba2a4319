package org.mdm.spool;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The settings of one rfio spool.
 *
 * @param dir      the directory holding the files (created if missing); required
 * @param capacity the most bytes the spool holds, complete files and reservations together
 * @param minFree  bytes the spool always leaves free on the file system, whatever its capacity
 */
public record SpoolConfig(Path dir, long capacity, long minFree) {
    /** Configuration key of {@link #dir()}. */
    public static final String DIR = "dir";
    /** Configuration key of {@link #capacity()}. */
    public static final String CAPACITY = "capacity";
    /** Configuration key of {@link #minFree()}. */
    public static final String MIN_FREE = "min.free";
    /** Every key {@link #parse} understands. */
    public static final Set<String> KEYS = Set.of(DIR, CAPACITY, MIN_FREE);
    /** Default capacity: 10 GiB. */
    public static final String DEFAULT_CAPACITY = "10G";
    /** Default free space kept on the file system: 1 GiB. */
    public static final String DEFAULT_MIN_FREE = "1G";

    /** Validates the fields. */
    public SpoolConfig {
        Objects.requireNonNull(dir, "dir");
        if (capacity <= 0 || minFree < 0) {
            throw new IllegalArgumentException("capacity must be positive and minFree not negative");
        }
        dir = dir.toAbsolutePath().normalize();
    }

    /**
     * Reads the configuration keys {@code dir}, {@code capacity} (default 10G) and
     * {@code min.free} (default 1G); sizes accept the suffixes K, M, G and T.
     *
     * @throws MdmException CONFIGURATION_ERROR for an unknown key, a missing dir or a bad value
     */
    public static SpoolConfig parse(Map<String, String> config) throws MdmException {
        Set<String> unknown = new TreeSet<>(config.keySet());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw configError("Unknown spool configuration key(s) " + unknown
                    + "; the rfio spool understands only " + new TreeSet<>(KEYS));
        }
        String dir = config.get(DIR);
        if (dir == null || dir.isBlank()) {
            throw configError("Spool configuration key '" + DIR
                    + "' is required: set it to a directory on a local file system");
        }
        long capacity = ByteSize.parse(CAPACITY, config.getOrDefault(CAPACITY, DEFAULT_CAPACITY));
        if (capacity <= 0) {
            throw configError("Spool configuration key '" + CAPACITY + "' has the value '"
                    + config.get(CAPACITY) + "': the capacity must be more than 0 bytes");
        }
        long minFree = ByteSize.parse(MIN_FREE, config.getOrDefault(MIN_FREE, DEFAULT_MIN_FREE));
        try {
            return new SpoolConfig(Path.of(dir.trim()), capacity, minFree);
        } catch (IllegalArgumentException e) { // InvalidPathException is one
            throw configError("Spool configuration key '" + DIR + "' has the value '" + dir
                    + "', which is not a usable path: " + e.getMessage());
        }
    }

    private static MdmException configError(String message) {
        return new MdmException(Status.CONFIGURATION_ERROR, message);
    }
}
