package org.mdm.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mdm.api.MdmException;
import org.mdm.api.spool.Spool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mdm spool ls|evict}: look at and empty the spool. While {@code mdm serve} holds the
 * spool, the request goes to it over its admin channel; otherwise the command opens the spool.
 */
@Command(name = "spool", mixinStandardHelpOptions = true,
        description = {"Inspect or empty the spool (the buffer of staged images).", "",
            "While mdm serve runs on this configuration's spool, the running SE does it (see se.admin.socket)."},
        subcommands = {SpoolCommand.Ls.class, SpoolCommand.Evict.class})
final class SpoolCommand {
    @ParentCommand
    private MdmCommand parent;

    /** {@code mdm spool ls}. */
    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List spool files, least recently used first, with size, ADLER32, last access and pins.")
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        private SpoolCommand spoolCommand;

        @Option(names = "--json", description = "Print JSON, for monitoring scripts.")
        private boolean json;

        @Override
        public Integer call() throws Exception {
            MdmCommand root = spoolCommand.parent;
            MdmConfig config = root.config();
            Optional<String> answer = AdminSocket.ask(AdminSocket.of(config), "spool ls");
            SpoolAdmin.Listing listing;
            if (answer.isPresent()) {
                listing = AdminAnswers.read(AdminAnswers.parse(answer.get()), SpoolAdmin.Listing.class);
            } else {
                try (Spool spool = MdmRuntime.openSpool(config)) {
                    listing = SpoolAdmin.list(spool, config.path("spool.dir"));
                }
            }
            if (json) {
                root.out().println(AdminAnswers.json(listing));
            } else {
                listing.print(root.out());
            }
            return 0;
        }
    }

    /** {@code mdm spool evict}. */
    @Command(name = "evict", mixinStandardHelpOptions = true,
            description = {"Remove spool files; they are regenerated on the next request.",
                "Files being read (pinned) stay."})
    static final class Evict implements Callable<Integer> {
        @ParentCommand
        private SpoolCommand spoolCommand;

        @Parameters(paramLabel = "KEY", arity = "0..*", description = "Keys to evict (see `mdm spool ls`).")
        private List<String> keys = List.of();

        @Option(names = "--all", description = "Evict every unpinned file.")
        private boolean all;

        @Override
        public Integer call() throws Exception {
            MdmCommand root = spoolCommand.parent;
            MdmConfig config = root.config();
            String request = "spool evict" + (all ? " --all" : "") + (keys.isEmpty() ? "" : " " + String.join(" ", keys));
            Optional<String> answer = AdminSocket.ask(AdminSocket.of(config), request);
            SpoolAdmin.Evicted evicted;
            if (answer.isPresent()) {
                evicted = AdminAnswers.read(AdminAnswers.parse(answer.get()), SpoolAdmin.Evicted.class);
            } else {
                try (Spool spool = MdmRuntime.openSpool(config)) {
                    evicted = SpoolAdmin.evict(spool, all, keys);
                }
            }
            root.out().printf("%d files evicted%n", evicted.evicted());
            return 0;
        }
    }
}
