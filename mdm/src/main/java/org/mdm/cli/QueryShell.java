package org.mdm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.AggregateCompleter;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.reader.impl.completer.SystemCompleter;
import org.jline.terminal.Terminal;
import org.mdm.api.MdmException;
import org.mdm.md.client.Sites;
import picocli.CommandLine;
import picocli.shell.jline3.PicocliCommands;

/**
 * The {@code mdm query} shell: a {@code Query>} prompt with JLine's line editing, completion
 * (the shell's picocli commands through picocli-shell-jline3, and the metadata command names)
 * and a history file; each line is either a shell command or a metadata command sent to the
 * sites, whose rows are printed as they come.
 */
final class QueryShell {
    static final String PROMPT = "Query> ";
    private static final List<String> METADATA_COMMANDS = List.of("pwd", "cd", "whoami", "dir", "ls", "listattr",
            "listentries", "getattr", "selectattr", "find", "setattr", "clearattr", "addattr");

    private final Sites sites;
    private final Terminal terminal;
    private final Path historyFile;

    QueryShell(Sites sites, Terminal terminal, Path historyFile) {
        this.sites = sites;
        this.terminal = terminal;
        this.historyFile = historyFile;
    }

    /** Reads and runs lines until {@code exit} or the end of input; returns the exit code (0). */
    int run() throws MdmException {
        PrintWriter out = terminal.writer();
        CommandLine shellCommands = ShellCommands.commandLine(sites, out);
        LineReader reader = reader(shellCommands);
        while (!ShellCommands.exited(shellCommands)) {
            String line;
            try {
                line = reader.readLine(PROMPT).strip();
            } catch (UserInterruptException e) {
                continue; // Ctrl-C drops the line being typed, as in a shell
            } catch (EndOfFileException e) {
                break;
            }
            if (!line.isEmpty()) {
                runLine(line, reader, shellCommands, out);
            }
        }
        out.flush();
        ownerOnly(historyFile); // JLine may have rewritten it (trimming) with the default mode
        return 0;
    }

    private void runLine(String line, LineReader reader, CommandLine shellCommands, PrintWriter out) {
        List<String> words = reader.getParsedLine() == null ? List.of(line.split("\\s+"))
                : reader.getParsedLine().words();
        if (!words.isEmpty() && ShellCommands.NAMES.contains(words.get(0))) {
            shellCommands.execute(words.stream().filter(w -> !w.isEmpty()).toArray(String[]::new));
            out.flush();
            return;
        }
        try {
            SiteTargets target = SiteTargets.parse(line);
            int asked = target.sites().isEmpty() ? sites.list().size() : target.sites().size();
            sites.run(target.command(), target.sites(), new QueryPrinter(out, out, "error: ", asked > 1));
        } catch (MdmException e) {
            out.println("error: " + e.getMessage());
        }
        out.flush();
    }

    private LineReader reader(CommandLine shellCommands) throws MdmException {
        SystemCompleter completer = new PicocliCommands(shellCommands).compileCompleters();
        completer.compile();
        // AMGA quotes with ' only, and \' inside: a " or a ! is an ordinary character here.
        DefaultParser parser = new DefaultParser().quoteChars(new char[] {'\''});
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("mdm query").parser(parser)
                .completer(new AggregateCompleter(completer, new StringsCompleter(METADATA_COMMANDS)))
                .variable(LineReader.HISTORY_FILE, prepareHistory())
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // 'nx != 256' is no history event
                .build();
        return reader;
    }

    private static void ownerOnly(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | UnsupportedOperationException e) {
            // best effort: the file was made owner-only when created
        }
    }

    /** The history file, owner-only (commands may hold the values searched for). */
    private Path prepareHistory() throws MdmException {
        try {
            Path dir = historyFile.toAbsolutePath().getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.exists(historyFile)) {
                Files.createFile(historyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
            return historyFile;
        } catch (IOException e) {
            throw new MdmException(org.mdm.api.Status.CONFIGURATION_ERROR, "Cannot use the query history file "
                    + historyFile + " (md.history.file): " + MdmException.describe(e) + ".", e);
        }
    }
}
