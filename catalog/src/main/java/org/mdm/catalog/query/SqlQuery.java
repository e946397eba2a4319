package org.mdm.catalog.query;

import java.util.List;

/**
 * One SELECT with its parameters, in order. Its columns: per directory involved, the entry's name
 * and owner DN; then the selected values.
 */
record SqlQuery(String sql, List<Object> parameters, int directoryCount, int selectedCount) {
    SqlQuery {
        parameters = List.copyOf(parameters);
    }
}
