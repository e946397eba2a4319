package org.mdm.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mdm.api.Checksums;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolEntry;
import org.mdm.api.spool.SpoolKey;

/**
 * What {@code mdm spool ls|evict} do, the same whether the command opened the spool itself or
 * the running SE does it over the admin channel.
 */
final class SpoolAdmin {
    /** One spool file. */
    record Row(String key, long size, String adler32, String lastAccess, int pins) {
    }

    /** Every file, least recently used first, and the space used. */
    record Listing(String dir, List<Row> files, long used, long capacity) {
        void print(PrintWriter out) {
            for (Row r : files) {
                out.printf("%-70s %12d %s %s pins=%d%n", r.key(), r.size(), r.adler32(), r.lastAccess(), r.pins());
            }
            out.printf("%d files, %d of %d bytes used%n", files.size(), used, capacity);
        }
    }

    /** How many files an eviction removed. */
    record Evicted(int evicted) {
    }

    private SpoolAdmin() {
    }

    static Listing list(Spool spool, Path dir) {
        List<Row> rows = new ArrayList<>();
        for (SpoolEntry e : spool.list()) {
            rows.add(new Row(e.key().value(), e.size(), Checksums.adler32Hex(e.adler32()), e.lastAccess().toString(),
                    e.pins()));
        }
        return new Listing(dir.toString(), rows, spool.used(), spool.capacity());
    }

    /**
     * Evicts the named files, or with {@code all} every file not being read (pinned files stay, so
     * transfers in flight are not disturbed).
     *
     * @throws MdmException NOT_FOUND for a key the spool does not hold, INVALID_REQUEST for a
     *                      malformed key or a pinned file named explicitly
     */
    static Evicted evict(Spool spool, boolean all, List<String> keys) throws MdmException {
        if (keys.isEmpty() && !all) {
            throw new MdmException(Status.INVALID_REQUEST, "Name the keys to evict, or use --all.");
        }
        List<SpoolKey> parsed = new ArrayList<>();
        for (String key : keys) {
            parsed.add(key(key)); // every key checked before anything is removed
        }
        int evicted = 0;
        if (all) {
            for (SpoolEntry e : spool.list()) {
                evicted += e.pins() == 0 && evictUnlessPinnedMeanwhile(spool, e.key()) ? 1 : 0;
            }
        }
        for (SpoolKey key : parsed) {
            if (!spool.evict(key)) {
                throw new MdmException(Status.NOT_FOUND, "The spool holds no file " + key.value()
                        + (evicted > 0 ? " (" + evicted + " other files were evicted)" : "") + ".");
            }
            evicted++;
        }
        return new Evicted(evicted);
    }

    /** A file pinned between the listing and its eviction is being read: it stays. */
    private static boolean evictUnlessPinnedMeanwhile(Spool spool, SpoolKey key) {
        try {
            return spool.evict(key);
        } catch (MdmException e) {
            return false;
        }
    }

    private static SpoolKey key(String text) throws MdmException {
        try {
            return new SpoolKey(text);
        } catch (IllegalArgumentException e) {
            throw new MdmException(Status.INVALID_REQUEST, "'" + text + "' is not a spool key; "
                    + "`mdm spool ls` lists the keys.");
        }
    }
}
