package org.mdm.se.md;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.MetadataCatalogue;

/**
 * The commands of the metadata service: the session's own ({@code pwd}, {@code cd},
 * {@code whoami}), the directory views ({@code dir}, {@code ls}, {@code listattr},
 * {@code listentries}), the queries ({@link MdQueries}) and the owners' changes ({@link MdWrites}).
 * What the caller may not read is left out exactly as if it did not exist.
 */
final class MdCommands {
    /** More rows matched than one answer may carry (sent after the rows that fit). */
    static final class TooManyRows extends Exception {
        TooManyRows(long limit) {
            super("More than " + limit + " rows match: narrow the condition or the pattern.");
        }
    }

    private static final List<String> KNOWN = List.of("pwd", "cd", "whoami", "dir", "ls", "listattr", "listentries",
            "getattr", "selectattr", "find", "setattr", "clearattr", "addattr", "exit", "quit");

    private final CatalogDatabase db;
    private final MetadataCatalogue metadata = new MetadataCatalogue();
    private final MdQueries queries;
    private final MdWrites writes;

    MdCommands(CatalogDatabase db) {
        this.db = db;
        this.queries = new MdQueries(db);
        this.writes = new MdWrites(db);
    }

    /** The command's name for the access log: a known one, or "other" (a client's garbage is not logged). */
    static String known(String operation) {
        return KNOWN.contains(operation) ? operation : "other";
    }

    void run(List<String> words, MdState state, MdAnswer answer) throws MdmException, IOException, TooManyRows {
        String command = words.get(0).toLowerCase(Locale.ROOT);
        List<String> args = words.subList(1, words.size());
        switch (command) {
            case "pwd" -> answer.row(state.cwd());
            case "cd" -> cd(args, state);
            case "whoami" -> {
                answer.row(state.caller().dn());
                for (String fqan : state.caller().fqans()) {
                    answer.row(fqan);
                }
            }
            case "dir", "ls" -> queries.list(dirArg(args, state), state, answer, command.equals("dir"));
            case "listentries" -> queries.list(one(args, "listentries DIR", state), state, answer, false);
            case "listattr" -> listattr(one(args, "listattr DIR", state), answer);
            case "getattr" -> queries.getattr(args, state, answer);
            case "selectattr" -> queries.selectattr(args, state, answer);
            case "find" -> queries.find(args, state, answer);
            case "setattr", "clearattr", "addattr" -> writes.run(command, args, state);
            default -> throw new MdmException(Status.NOT_SUPPORTED, "Unknown command '" + shown(command)
                    + "'; this service knows " + KNOWN + ".");
        }
    }

    private void cd(List<String> args, MdState state) throws MdmException {
        String dir = args.isEmpty() ? "/" : state.absolute(args.get(0));
        if (!db.inTransaction(c -> Collections.isCollection(metadata.directories(c), dir))) {
            throw new MdmException(Status.NOT_FOUND, "No such directory: " + dir + ".");
        }
        state.cd(dir);
    }

    private void listattr(String dir, MdAnswer answer) throws MdmException, IOException {
        Map<String, String> attributes = db.inTransaction(c -> metadata.attributes(c, dir));
        if (attributes.isEmpty()) {
            throw new MdmException(Status.NOT_FOUND, "No such directory: " + dir + ".");
        }
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            answer.row(a.getKey());
            answer.row(a.getValue());
        }
    }

    private static String dirArg(List<String> args, MdState state) throws MdmException {
        return args.isEmpty() ? state.cwd() : one(args, "dir [DIR]", state);
    }

    private static String one(List<String> args, String usage, MdState state) throws MdmException {
        if (args.size() != 1) {
            throw new MdmException(Status.INVALID_REQUEST, "Usage: " + usage + ".");
        }
        return state.absolute(args.get(0));
    }

    /** A client's word shown in a message: printable and short. */
    static String shown(String word) {
        String printable = word.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
    }

    /** The directory tree the metadata directories make ({@code /}, {@code /mdm}, {@code /mdm/IMAGE}). */
    static final class Collections {
        private Collections() {
        }

        static boolean isCollection(List<String> dirs, String path) {
            return path.equals("/") || dirs.stream().anyMatch(d -> d.equals(path) || d.startsWith(path + "/"));
        }

        /** The collections directly below {@code path}, by name. */
        static TreeSet<String> children(List<String> dirs, String path) {
            String prefix = path.equals("/") ? "/" : path + "/";
            TreeSet<String> names = new TreeSet<>();
            for (String d : dirs) {
                if (d.startsWith(prefix) && d.length() > prefix.length()) {
                    names.add(d.substring(prefix.length()).split("/")[0]);
                }
            }
            return names;
        }
    }

    /** IOException through a lambda: the client went away while rows were written. */
    static UncheckedIOException unchecked(IOException e) {
        return new UncheckedIOException(e);
    }
}
