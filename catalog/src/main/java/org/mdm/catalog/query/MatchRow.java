package org.mdm.catalog.query;

import java.util.List;

/**
 * One match: the entry of every directory involved (in {@link MetadataQuery#directories()} order)
 * and the selected values (in {@link MetadataQuery#selected()} order; null where an entry has none).
 */
public record MatchRow(List<EntryRef> entries, List<String> values) {
    public MatchRow {
        entries = List.copyOf(entries);
        values = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(values)); // values may be null
    }

    /** The entry of directory {@code dir} in this match. */
    public EntryRef entry(String dir) {
        for (EntryRef e : entries) {
            if (e.dir().equals(dir)) {
                return e;
            }
        }
        throw new IllegalArgumentException("directory " + dir + " is not involved in this query");
    }
}
