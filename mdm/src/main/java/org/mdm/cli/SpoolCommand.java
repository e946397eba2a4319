package org.mdm.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.mdm.api.Checksums;
import org.mdm.api.MdmException;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolEntry;
import org.mdm.api.spool.SpoolKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code mdm spool ls|evict}: look at and empty the spool. */
@Command(name = "spool", mixinStandardHelpOptions = true,
        description = "Inspect or empty the spool (the buffer of staged images).",
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

        @Override
        public Integer call() throws Exception {
            MdmCommand root = spoolCommand.parent;
            try (Spool spool = MdmRuntime.openSpool(root.config())) {
                List<SpoolEntry> entries = spool.list();
                for (SpoolEntry e : entries) {
                    root.out().printf("%-70s %12d %s %s pins=%d%n", e.key(), e.size(), Checksums.adler32Hex(e.adler32()),
                            e.lastAccess(), e.pins());
                }
                root.out().printf("%d files, %d of %d bytes used%n", entries.size(), spool.used(), spool.capacity());
            }
            return 0;
        }
    }

    private static SpoolKey key(String text) throws MdmException {
        try {
            return new SpoolKey(text);
        } catch (IllegalArgumentException e) {
            throw new MdmException(org.mdm.api.Status.INVALID_REQUEST, "'" + text + "' is not a spool key; "
                    + "`mdm spool ls` lists the keys.");
        }
    }

    /** {@code mdm spool evict}. */
    @Command(name = "evict", mixinStandardHelpOptions = true,
            description = "Remove spool files; they are regenerated on the next request.")
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
            if (keys.isEmpty() && !all) {
                throw new MdmException(org.mdm.api.Status.INVALID_REQUEST, "Name the keys to evict, or use --all.");
            }
            try (Spool spool = MdmRuntime.openSpool(root.config())) {
                int evicted = 0;
                if (all) {
                    for (SpoolEntry e : spool.list()) {
                        evicted += e.pins() == 0 && spool.evict(e.key()) ? 1 : 0;
                    }
                }
                for (String key : keys) {
                    if (!spool.evict(key(key))) {
                        throw new MdmException(org.mdm.api.Status.NOT_FOUND, "The spool holds no file " + key + ".");
                    }
                    evicted++;
                }
                root.out().printf("%d files evicted%n", evicted);
            }
            return 0;
        }
    }
}
