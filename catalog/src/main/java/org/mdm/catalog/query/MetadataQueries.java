package org.mdm.catalog.query;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * AMGA's query commands over the metadata catalogue, streamed: {@code selectattr}, {@code find}
 * and {@code getattr}. Each row names every entry it involves (directory, name, owner DN) so
 * the service can check the caller's rights on each and drop the row. Works inside the caller's
 * transaction; no access control here.
 */
public final class MetadataQueries {
    /** Attributes one command may select at most (AMGA has no limit; a command line does). */
    public static final int MAX_SELECTED = 64;

    private final QueryExecutor executor = new QueryExecutor();

    /**
     * {@code selectattr DIR:A DIR:B 'COND'}: per match, the values of the attributes, in order.
     * Bare names in the condition belong to the selected attributes' directory when they all share one.
     */
    public QueryOutcome selectattr(Connection c, List<String> attributes, String condition, QueryLimits limits,
            RowHandler handler) throws SQLException, MdmException {
        if (attributes.isEmpty()) {
            throw new MdmException(Status.INVALID_REQUEST, "selectattr needs at least one DIRECTORY:ATTRIBUTE to select.");
        }
        MetadataSchema schema = MetadataSchema.load(c);
        List<Operand.Attribute> selected = selected(new ConditionParser(schema, null), attributes);
        List<String> dirs = selected.stream().map(Operand.Attribute::dir).distinct().toList();
        Optional<Condition> cond = new ConditionParser(schema, dirs.size() == 1 ? dirs.get(0) : null).parse(condition);
        return executor.stream(c, MetadataQuery.of(List.of(), selected, cond), limits, handler);
    }

    /**
     * {@code find DIR 'COND'}: the entries of DIR that match, in name order; each row's first entry
     * is DIR's. A condition joining other directories gives one row per joined match, so one DIR
     * entry can come in several adjacent rows: the service sends a name once, when a row of it passes
     * its rights check.
     */
    public QueryOutcome find(Connection c, String dir, String condition, QueryLimits limits, RowHandler handler)
            throws SQLException, MdmException {
        MetadataSchema schema = MetadataSchema.load(c);
        schema.requireDirectory(dir, "find");
        Optional<Condition> cond = new ConditionParser(schema, dir).parse(condition);
        return executor.stream(c, MetadataQuery.of(List.of(dir), List.of(), cond), limits, handler);
    }

    /**
     * {@code getattr PATTERN A B}: per entry matching PATTERN (see {@link EntryPattern}), in name
     * order, the values of the attributes of its directory.
     */
    public QueryOutcome getattr(Connection c, String pattern, List<String> attributes, QueryLimits limits,
            RowHandler handler) throws SQLException, MdmException {
        MetadataSchema schema = MetadataSchema.load(c);
        EntryPattern entries = EntryPattern.parse(pattern, schema);
        List<Operand.Attribute> selected = selected(new ConditionParser(schema, entries.dir()), attributes);
        for (Operand.Attribute a : selected) {
            if (!a.dir().equals(entries.dir())) {
                throw new MdmException(Status.INVALID_REQUEST, "getattr " + pattern + " reads attributes of "
                        + entries.dir() + "; " + a + " belongs to another directory.");
            }
        }
        return executor.stream(c, MetadataQuery.of(List.of(entries.dir()), selected, entries.condition()), limits,
                handler);
    }

    private static List<Operand.Attribute> selected(ConditionParser parser, List<String> attributes)
            throws MdmException {
        if (attributes.size() > MAX_SELECTED) {
            throw new MdmException(Status.INVALID_REQUEST, attributes.size() + " attributes asked for; at most "
                    + MAX_SELECTED + " per command.");
        }
        List<Operand.Attribute> selected = new ArrayList<>();
        for (String a : attributes) {
            selected.add(parser.attribute(a));
        }
        return selected;
    }
}
