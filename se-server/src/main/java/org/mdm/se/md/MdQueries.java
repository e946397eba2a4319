package org.mdm.se.md;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.MetadataAccess;
import org.mdm.catalog.MetadataCatalogue;
import org.mdm.catalog.query.Condition;
import org.mdm.catalog.query.ConditionParser;
import org.mdm.catalog.query.EntryRef;
import org.mdm.catalog.query.MatchRow;
import org.mdm.catalog.query.MetadataQueries;
import org.mdm.catalog.query.MetadataQuery;
import org.mdm.catalog.query.MetadataSchema;
import org.mdm.catalog.query.Operand;
import org.mdm.catalog.query.QueryOutcome;

/**
 * The reading commands over entries ({@code dir}, {@code ls}, {@code listentries},
 * {@code getattr}, {@code selectattr}, {@code find}): the catalogue's query engine streams the
 * matches, and each row goes out only when the caller may read every entry and attribute it
 * shows or its condition looked at (a condition on a hidden attribute must not tell its value).
 */
final class MdQueries {
    private final CatalogDatabase db;
    private final MetadataCatalogue metadata = new MetadataCatalogue();
    private final MetadataQueries queries = new MetadataQueries();

    MdQueries(CatalogDatabase db) {
        this.db = db;
    }

    /** {@code dir} (pairs of name and type), {@code ls} and {@code listentries} (names). */
    void list(String path, MdState state, MdAnswer answer, boolean withTypes)
            throws MdmException, IOException, MdCommands.TooManyRows {
        List<String> dirs = db.inTransaction(metadata::directories);
        if (!MdCommands.Collections.isCollection(dirs, path)) {
            throw new MdmException(Status.NOT_FOUND, "No such directory: " + path + ".");
        }
        for (String child : MdCommands.Collections.children(dirs, path)) {
            answer.row(child);
            if (withTypes) {
                answer.row("collection");
            }
        }
        if (!dirs.contains(path)) {
            return;
        }
        stream(state, answer, (c, access, handler) -> queries.find(c, path, "", state.settings().limits(), handler),
                (c, access, row) -> {
                    EntryRef e = row.entries().get(0);
                    if (!access.maySee(c, e.dir(), e.name(), e.ownerDn())) {
                        return;
                    }
                    answer.row(e.name());
                    if (withTypes) {
                        answer.row("entry");
                    }
                });
    }

    /** {@code getattr PATTERN A [B...]}: per readable entry, its name then the values. */
    void getattr(List<String> args, MdState state, MdAnswer answer)
            throws MdmException, IOException, MdCommands.TooManyRows {
        if (args.size() < 2) {
            throw new MdmException(Status.INVALID_REQUEST, "Usage: getattr PATTERN ATTRIBUTE [ATTRIBUTE...].");
        }
        String pattern = state.absolute(args.get(0));
        List<String> attrs = args.subList(1, args.size());
        stream(state, answer, (c, access, handler) -> queries.getattr(c, pattern, attrs, state.settings().limits(),
                handler), (c, access, row) -> {
                    EntryRef e = row.entries().get(0);
                    for (String attr : attrs) {
                        if (!access.mayRead(c, e.dir(), e.name(), e.ownerDn(), attr)) {
                            return; // a hidden attribute hides the entry from this answer
                        }
                    }
                    answer.row(e.name());
                    for (String v : row.values()) {
                        answer.row(v);
                    }
                });
    }

    /** {@code selectattr DIR:A [DIR:B...] 'COND'}: per match, the values. */
    void selectattr(List<String> args, MdState state, MdAnswer answer)
            throws MdmException, IOException, MdCommands.TooManyRows {
        if (args.size() < 2) {
            throw new MdmException(Status.INVALID_REQUEST, "Usage: selectattr DIR:ATTRIBUTE [DIR:ATTRIBUTE...]"
                    + " 'CONDITION' (quote the condition; '' for none).");
        }
        List<String> selected = new ArrayList<>();
        for (String a : args.subList(0, args.size() - 1)) {
            selected.add(reference(a, state));
        }
        String condition = args.get(args.size() - 1);
        stream(state, answer, (c, access, handler) -> queries.selectattr(c, selected, condition,
                state.settings().limits(), handler), new Checked(selected, condition, null, (c, row) -> {
                    for (String v : row.values()) {
                        answer.row(v);
                    }
                }));
    }

    /** {@code find DIR 'COND'}: the names of DIR's matching entries, each once. */
    void find(List<String> args, MdState state, MdAnswer answer)
            throws MdmException, IOException, MdCommands.TooManyRows {
        if (args.size() != 2) {
            throw new MdmException(Status.INVALID_REQUEST, "Usage: find DIR 'CONDITION'.");
        }
        String dir = state.absolute(args.get(0));
        String[] last = {null};
        stream(state, answer, (c, access, handler) -> queries.find(c, dir, args.get(1), state.settings().limits(),
                handler), new Checked(List.of(dir + ":" + Operand.Attribute.FILE), args.get(1), dir, (c, row) -> {
                    String name = row.entries().get(0).name();
                    if (!name.equals(last[0])) { // a join repeats an entry in adjacent rows
                        last[0] = name;
                        answer.row(name);
                    }
                }));
    }

    /** {@code DIR:A} against the current directory, or a bare {@code A} of the current directory. */
    private static String reference(String word, MdState state) throws MdmException {
        int colon = word.lastIndexOf(':');
        if (colon < 0) {
            return state.cwd() + ":" + word;
        }
        return state.absolute(word.substring(0, colon)) + word.substring(colon);
    }

    /** Runs a query and hands each row to {@code rows}; a bound reached becomes {@link MdCommands.TooManyRows}. */
    private void stream(MdState state, MdAnswer answer, Query query, Rows rows)
            throws MdmException, IOException, MdCommands.TooManyRows {
        QueryOutcome outcome;
        try {
            outcome = db.inTransaction(c -> {
                MetadataAccess access = new MetadataAccess(state.caller());
                return query.run(c, access, row -> {
                    try {
                        rows.take(c, access, row);
                    } catch (SQLException e) {
                        throw new MdmException(Status.IO_ERROR, "The catalogue failed while checking rights: "
                                + e.getMessage(), e);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return true;
                });
            });
        } catch (UncheckedIOException e) {
            throw e.getCause(); // the client went away: the session ends
        }
        if (outcome.truncated()) {
            throw new MdCommands.TooManyRows(state.settings().limits().maxRows());
        }
    }

    private interface Query {
        QueryOutcome run(Connection c, MetadataAccess access, org.mdm.catalog.query.RowHandler handler)
                throws SQLException, MdmException;
    }

    private interface Rows {
        void take(Connection c, MetadataAccess access, MatchRow row) throws SQLException, IOException, MdmException;
    }

    private interface Sink {
        void take(Connection c, MatchRow row) throws IOException;
    }

    /**
     * Passes on a row only when every entry it involves may be seen and every attribute it
     * selects or its condition names may be read, each on its own entry.
     */
    private static final class Checked implements Rows {
        private final List<String> selected;
        private final String condition;
        private final String findDir;
        private final Sink sink;
        private List<Operand.Attribute> looked;

        Checked(List<String> selected, String condition, String findDir, Sink sink) {
            this.selected = selected;
            this.condition = condition;
            this.findDir = findDir;
            this.sink = sink;
        }

        @Override
        public void take(Connection c, MetadataAccess access, MatchRow row) throws SQLException, IOException,
                MdmException {
            for (Operand.Attribute a : looked(c)) {
                EntryRef e = row.entry(a.dir());
                boolean ok = a.isFile() ? access.maySee(c, e.dir(), e.name(), e.ownerDn())
                        : access.mayRead(c, e.dir(), e.name(), e.ownerDn(), a.attr());
                if (!ok) {
                    return;
                }
            }
            for (EntryRef e : row.entries()) {
                if (!access.maySee(c, e.dir(), e.name(), e.ownerDn())) {
                    return;
                }
            }
            sink.take(c, row);
        }

        /** The attributes the selection and the condition name (parsed once per answer). */
        private List<Operand.Attribute> looked(Connection c) throws SQLException, MdmException {
            if (looked == null) {
                MetadataSchema schema = MetadataSchema.load(c);
                List<Operand.Attribute> all = new ArrayList<>();
                ConditionParser bare = new ConditionParser(schema, null);
                for (String s : selected) {
                    all.add(bare.attribute(s));
                }
                List<String> dirs = all.stream().map(Operand.Attribute::dir).distinct().toList();
                String dflt = findDir != null ? findDir : dirs.size() == 1 ? dirs.get(0) : null;
                Optional<Condition> cond = new ConditionParser(schema, dflt).parse(condition);
                cond.ifPresent(x -> all.addAll(MetadataQuery.attributes(x)));
                looked = all;
            }
            return looked;
        }
    }
}
