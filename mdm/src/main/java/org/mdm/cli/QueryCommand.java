package org.mdm.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.md.client.SiteFailure;
import org.mdm.md.client.Sites;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mdm query}: metadata commands sent to every metadata site at once, or a shell for them. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Ask the metadata sites (md.site.<name>=host:port; none: localhost:<md.port>) an AMGA",
            "command, in parallel, as the holder of your proxy. Rows are printed as they come, labelled",
            "'site: ' when more than one site is asked; a site that fails is named on stderr and the",
            "exit code is 1. '@lyon,nice COMMAND' asks those sites only.",
            "Without a command: a shell (Query> prompt, line editing, history in md.history.file) that",
            "also knows 'site add NAME host:port', 'site rm NAME', 'site ls', 'help' and 'exit'.",
            "",
            "Commands: pwd, cd DIR, whoami, dir [DIR], ls [DIR], listattr DIR, listentries DIR,",
            "getattr PATTERN ATTR..., selectattr DIR:ATTR... 'COND', find DIR 'COND'. e.g.",
            "  mdm query getattr /mdm/IMAGE/guid:<GUID> nx ny",
            "  mdm query \"find /mdm/IMAGE 'modality=\\'CT\\' and nx>256'\"",
            "  mdm query find /mdm/IMAGE \"modality='CT' and nx>256\""})
final class QueryCommand implements Callable<Integer> {
    @ParentCommand
    private MdmCommand parent;

    @Parameters(arity = "0..*", paramLabel = "COMMAND",
            description = "The command: one quoted line as AMGA writes it, or its words apart (a condition"
                    + " the shell keeps whole is sent as one word).")
    private List<String> words = List.of();

    @Override
    public Integer call() throws Exception {
        MdmConfig config = parent.config();
        try (MdSettings.Client client = MdSettings.open(config)) {
            if (words.isEmpty()) {
                return shell(client.sites(), config);
            }
            return oneShot(client.sites(), line(words));
        }
    }

    /**
     * The command line of a one-shot query. One word is the whole line, as AMGA writes it. Words
     * given apart are the words: one the user's shell kept whole (a condition with spaces or
     * quotes) is quoted as AMGA quotes, so that it reaches the service as one word.
     */
    static String line(List<String> words) {
        if (words.size() == 1) {
            return words.get(0).strip();
        }
        StringBuilder line = new StringBuilder();
        for (String w : words) {
            boolean amgaQuoted = w.length() >= 2 && w.startsWith("'") && w.endsWith("'") && w.substring(1,
                    w.length() - 1).replace("\\\\", "").replace("\\'", "").indexOf('\'') < 0; // one quoted word
            boolean plain = !w.isEmpty() && w.chars().noneMatch(ch -> Character.isWhitespace(ch) || ch == '\'');
            line.append(line.length() == 0 ? "" : " ").append(amgaQuoted || plain ? w
                    : "'" + w.replace("\\", "\\\\").replace("'", "\\'") + "'");
        }
        return line.toString();
    }

    private int oneShot(Sites sites, String line) throws MdmException {
        SiteTargets target = SiteTargets.parse(line);
        int asked = target.sites().isEmpty() ? sites.list().size() : target.sites().size();
        List<SiteFailure> failures = sites.run(target.command(), target.sites(),
                new QueryPrinter(parent.out(), parent.err(), "mdm: ", asked > 1));
        parent.out().flush();
        return failures.isEmpty() ? 0 : Main.FAILED;
    }

    private int shell(Sites sites, MdmConfig config) throws MdmException {
        // dumb(true): piped input gets a plain line terminal, without JLine's warning about it.
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            return new QueryShell(sites, terminal, config.path("md.history.file")).run();
        } catch (java.io.IOException e) {
            throw new MdmException(Status.IO_ERROR, "cannot open the terminal for the query shell: "
                    + MdmException.describe(e), e);
        }
    }
}
