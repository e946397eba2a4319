package org.mdm.catalog.query;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Runs a {@link MetadataQuery} and streams its matches to a {@link RowHandler}: rows are read
 * {@value #FETCH_SIZE} at a time through a cursor and handed over one by one, so memory stays
 * bounded whatever the number of matches. Works inside the caller's transaction
 * ({@code CatalogDatabase.inTransaction}): PostgreSQL's driver uses a cursor only with autocommit
 * off, and otherwise reads the whole result into memory.
 */
public final class QueryExecutor {
    /** Rows fetched per round trip: large enough to amortise it, small enough to bound memory. */
    static final int FETCH_SIZE = 1000;

    /**
     * Streams the matches of {@code query} to {@code handler}, at most {@code limits.maxRows()},
     * ordered by the entry names of its directories.
     *
     * @throws MdmException INVALID_REQUEST for directories no join ties together (see {@link JoinCheck}),
     *                      TIMEOUT when the deadline passes, CORRUPT_DATA when a numeric attribute
     *                      holds text, the handler's own; INTERNAL_ERROR when called outside a transaction
     * @throws SQLException any other database failure (the transaction maps it to IO_ERROR)
     */
    public QueryOutcome stream(Connection c, MetadataQuery query, QueryLimits limits, RowHandler handler)
            throws SQLException, MdmException {
        JoinCheck.requireJoined(query);
        if (c.getAutoCommit()) {
            throw new MdmException(Status.INTERNAL_ERROR, "A metadata query must run inside"
                    + " CatalogDatabase.inTransaction (autocommit off), or PostgreSQL reads its whole result into memory.");
        }
        SqlQuery sql = SqlTranslator.translate(query);
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        try (PreparedStatement s = c.prepareStatement(sql.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            s.setFetchSize(FETCH_SIZE);
            // The database's own limit covers the work before the first row (a sort, a large join).
            s.setQueryTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, limits.timeout().toSeconds()
                    + (limits.timeout().toNanosPart() > 0 ? 1 : 0))));
            if (limits.maxRows() < Integer.MAX_VALUE) {
                s.setMaxRows((int) limits.maxRows() + 1); // one more, to tell a complete answer from a cut one
            }
            bind(s, sql.parameters());
            try (ResultSet rs = s.executeQuery()) {
                return read(rs, sql, query, limits, deadline, handler);
            }
        } catch (SQLException e) {
            throw known(e, limits);
        }
    }

    private static QueryOutcome read(ResultSet rs, SqlQuery sql, MetadataQuery query, QueryLimits limits,
            long deadline, RowHandler handler) throws SQLException, MdmException {
        long rows = 0;
        while (rs.next()) {
            if (System.nanoTime() - deadline > 0) {
                throw timeout(limits); // the database's limit covers one execution; this one covers the reading too
            }
            if (rows == limits.maxRows()) {
                return new QueryOutcome(rows, true, false);
            }
            rows++;
            if (!handler.accept(row(rs, sql, query))) {
                return new QueryOutcome(rows, false, true);
            }
        }
        return new QueryOutcome(rows, false, false);
    }

    private static MatchRow row(ResultSet rs, SqlQuery sql, MetadataQuery query) throws SQLException {
        List<EntryRef> entries = new ArrayList<>(sql.directoryCount());
        for (int i = 0; i < sql.directoryCount(); i++) {
            entries.add(new EntryRef(query.directories().get(i), rs.getString(2 * i + 1), rs.getString(2 * i + 2)));
        }
        List<String> values = new ArrayList<>(sql.selectedCount());
        for (int i = 0; i < sql.selectedCount(); i++) {
            values.add(rs.getString(2 * sql.directoryCount() + i + 1));
        }
        return new MatchRow(entries, values);
    }

    private static void bind(PreparedStatement s, List<Object> parameters) throws SQLException {
        for (int i = 0; i < parameters.size(); i++) {
            Object p = parameters.get(i);
            if (p instanceof String text) {
                s.setString(i + 1, text);
            } else if (p instanceof Long l) {
                s.setLong(i + 1, l);
            } else if (p instanceof Double d) {
                s.setDouble(i + 1, d);
            } else {
                s.setBigDecimal(i + 1, (BigDecimal) p);
            }
        }
    }

    /** The failures a caller can act on, as what they mean; any other is rethrown as it is. */
    private static SQLException known(SQLException e, QueryLimits limits) throws MdmException {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals("57014")) { // query_canceled: the statement's timeout, in both databases
            MdmException timeout = timeout(limits);
            timeout.initCause(e);
            throw timeout;
        }
        if (state.equals("22P02") || state.equals("22018")) { // PostgreSQL's and H2's failed text-to-number cast
            throw new MdmException(Status.CORRUPT_DATA, "A stored value of a numeric (int or float) metadata"
                    + " attribute used in the condition is not a number; correct that entry's value.", e);
        }
        return e;
    }

    private static MdmException timeout(QueryLimits limits) {
        return new MdmException(Status.TIMEOUT, "The metadata query ran longer than its limit of "
                + limits.timeout().toMillis() / 1000.0 + " s and was stopped; narrow the condition"
                + " (join the directories on more attributes, compare with more selective values).");
    }
}
