package org.mdm.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.MetadataCatalogue;
import org.mdm.catalog.NameSpace;
import org.mdm.catalog.NsEntry;
import org.mdm.catalog.NsPath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mdm ls}, {@code mdm stat} and {@code mdm md getattr}: the site's catalogue read locally
 * (the administrator's view; the network services with their ACL checks come later).
 */
final class CatalogCommands {
    private CatalogCommands() {
    }

    /** The catalogue database of this configuration. */
    static CatalogDatabase open(MdmConfig config) throws MdmException {
        String url = config.get("catalog.jdbc.url");
        // Credentials of an external database travel in its URL; null lets the driver read them there.
        return url.isEmpty() ? CatalogDatabase.openH2(config.path("catalog.db.dir")) : CatalogDatabase.open(url, null, null);
    }

    static String line(NsEntry e, boolean longForm) {
        if (!longForm) {
            return e.path().name() + (e.directory() ? "/" : "");
        }
        return String.format("%s%s %-8s %12d %s %s %s", e.directory() ? "d" : "-", mode(e.mode()),
                e.status() == org.mdm.catalog.NsStatus.ONLINE ? "online" : e.status().name().toLowerCase(),
                e.size(), e.adler32() == null ? "--------" : e.adler32(), e.mtime(), e.path().name());
    }

    private static String mode(int mode) {
        StringBuilder s = new StringBuilder();
        for (int shift = 6; shift >= 0; shift -= 3) {
            int bits = (mode >> shift) & 7;
            s.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append((bits & 1) != 0 ? 'x' : '-');
        }
        return s.toString();
    }

    /** {@code mdm ls}. */
    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List a name-space directory of the site's catalogue (registered studies, series, images).")
    static final class Ls implements Callable<Integer> {
        @ParentCommand
        private MdmCommand parent;

        @Parameters(paramLabel = "PATH", description = "A name-space directory, e.g. /dpm/example.org/home/biomed/mdm.")
        private String path;

        @Option(names = "-l", description = "Long form: mode, status, size, ADLER32, modification time.")
        private boolean longForm;

        @Override
        public Integer call() throws Exception {
            NsPath dir = NsPath.parse(path);
            NameSpace ns = new NameSpace();
            try (CatalogDatabase db = open(parent.config())) {
                for (NsEntry e : db.inTransaction(c -> ns.list(c, dir))) {
                    parent.out().println(line(e, longForm));
                }
            }
            return 0;
        }
    }

    /** {@code mdm stat}. */
    @Command(name = "stat", mixinStandardHelpOptions = true,
            description = "Show one name-space entry: owner, group, mode, status, size, ADLER32, PFN and GUID.")
    static final class Stat implements Callable<Integer> {
        @ParentCommand
        private MdmCommand parent;

        @Parameters(paramLabel = "PATH", description = "A name-space path.")
        private String path;

        @Override
        public Integer call() throws Exception {
            NsPath p = NsPath.parse(path);
            NameSpace ns = new NameSpace();
            try (CatalogDatabase db = open(parent.config())) {
                NsEntry e = db.inTransaction(c -> ns.stat(c, p)).orElseThrow(() ->
                        new MdmException(Status.NOT_FOUND, "No such file or directory in the catalogue: " + p + "."));
                parent.out().println(line(e, true).replaceFirst(" [^ ]+$", " " + p));
                parent.out().printf("owner: %s%ngroup: %s%n", e.ownerDn(), e.group());
                if (!e.directory()) {
                    parent.out().printf("pfn: %s%nguid: %s%n", e.pfn(), e.guid());
                }
            }
            return 0;
        }
    }

    /** {@code mdm md}. */
    @Command(name = "md", mixinStandardHelpOptions = true,
            description = "Read the site's metadata catalogue (AMGA-style directories /mdm/PATIENT, STUDY, SERIES, IMAGE).",
            subcommands = {GetAttr.class})
    static final class Md {
        @ParentCommand
        private MdmCommand parent;
    }

    /** {@code mdm md getattr}. */
    @Command(name = "getattr", mixinStandardHelpOptions = true,
            description = "Print the values of attributes of one entry, one per line (empty for a missing value).")
    static final class GetAttr implements Callable<Integer> {
        @ParentCommand
        private Md md;

        @Parameters(index = "0", paramLabel = "ENTRY", description = "DIR/NAME, e.g. /mdm/IMAGE/guid:<GUID>.")
        private String entry;

        @Parameters(index = "1..*", arity = "1..*", paramLabel = "ATTR", description = "Attribute names, e.g. nx ny.")
        private List<String> attrs;

        @Override
        public Integer call() throws Exception {
            int slash = entry.lastIndexOf('/');
            if (slash <= 0 || slash == entry.length() - 1) {
                throw new MdmException(Status.INVALID_REQUEST, "'" + entry + "' is not DIR/NAME, e.g."
                        + " /mdm/IMAGE/guid:<GUID>.");
            }
            MetadataCatalogue catalogue = new MetadataCatalogue();
            try (CatalogDatabase db = open(md.parent.config())) {
                Map<String, String> values = db.inTransaction(c -> catalogue.getattr(c, entry.substring(0, slash),
                        entry.substring(slash + 1), attrs));
                values.values().forEach(v -> md.parent.out().println(v == null ? "" : v));
            }
            return 0;
        }
    }
}
