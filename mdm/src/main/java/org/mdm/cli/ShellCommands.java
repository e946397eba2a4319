package org.mdm.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mdm.api.MdmException;
import org.mdm.md.client.Endpoint;
import org.mdm.md.client.Sites;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The query shell's own commands (everything else goes to the sites): picocli commands, so that
 * usage errors, help and completion come from picocli and picocli-shell-jline3.
 */
@Command(name = "", subcommands = {ShellCommands.Site.class, ShellCommands.Help.class, ShellCommands.Exit.class})
final class ShellCommands {
    /** Names that are the shell's, not the sites' ({@code quit} too, as AMGA's own shell has it). */
    static final java.util.Set<String> NAMES = java.util.Set.of("site", "help", "exit", "quit");

    private final Sites sites;
    private boolean exit;

    private ShellCommands(Sites sites) {
        this.sites = sites;
    }

    /** The shell's command line over {@code sites}, printing to {@code out}. */
    static CommandLine commandLine(Sites sites, PrintWriter out) {
        CommandLine cli = new CommandLine(new ShellCommands(sites));
        cli.setOut(out).setErr(out);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(e instanceof MdmException ? "error: " + e.getMessage() : "error: " + e);
            return Main.FAILED;
        });
        return cli;
    }

    /** Whether {@code exit} was run on {@code cli}. */
    static boolean exited(CommandLine cli) {
        return ((ShellCommands) cli.getCommand()).exit;
    }

    /** {@code site add|rm|ls}. */
    @Command(name = "site", description = "Add, remove or list the metadata sites of this shell.",
            subcommands = {Site.Add.class, Site.Rm.class, Site.Ls.class})
    static final class Site {
        @CommandLine.ParentCommand
        ShellCommands shell;

        /** {@code site add NAME host:port}. */
        @Command(name = "add", description = "Add (or move) a site: later commands go to it too.")
        static final class Add implements Callable<Integer> {
            @CommandLine.ParentCommand
            Site site;
            @Parameters(index = "0", paramLabel = "NAME")
            String name;
            @Parameters(index = "1", paramLabel = "HOST:PORT")
            String endpoint;

            @Override
            public Integer call() throws MdmException {
                site.shell.sites.add(name, Endpoint.parse(endpoint));
                return 0;
            }
        }

        /** {@code site rm NAME}. */
        @Command(name = "rm", description = "Remove a site.")
        static final class Rm implements Callable<Integer> {
            @CommandLine.ParentCommand
            Site site;
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;
            @Parameters(index = "0", paramLabel = "NAME")
            String name;

            @Override
            public Integer call() {
                if (!site.shell.sites.remove(name)) {
                    spec.commandLine().getErr().println("error: no such site: " + name);
                    return Main.FAILED;
                }
                return 0;
            }
        }

        /** {@code site ls}. */
        @Command(name = "ls", description = "List the sites: name and host:port.")
        static final class Ls implements Callable<Integer> {
            @CommandLine.ParentCommand
            Site site;
            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public Integer call() {
                for (Map.Entry<String, Endpoint> e : site.shell.sites.list().entrySet()) {
                    spec.commandLine().getOut().println(e.getKey() + " " + e.getValue());
                }
                return 0;
            }
        }
    }

    /** {@code help}. */
    @Command(name = "help", description = "Say what the shell understands.")
    static final class Help implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            out.println("Metadata commands go to every site, or '@site1,site2 COMMAND' to those only:");
            out.println("  pwd | cd DIR | whoami | dir [DIR] | ls [DIR] | listattr DIR | listentries DIR");
            out.println("  getattr PATTERN ATTR... | selectattr DIR:ATTR... 'COND' | find DIR 'COND'");
            out.println("  (in quotes, \\' is a quote and \\\\ a backslash)");
            out.println("Shell commands:");
            out.println("  site add NAME HOST:PORT | site rm NAME | site ls | help | exit");
            return 0;
        }
    }

    /** {@code exit} (and {@code quit}). */
    @Command(name = "exit", aliases = "quit", description = "Leave the shell.")
    static final class Exit implements Callable<Integer> {
        @CommandLine.ParentCommand
        ShellCommands shell;

        @Override
        public Integer call() {
            shell.exit = true;
            return 0;
        }
    }
}
