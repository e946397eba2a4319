package org.mdm.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.mdm.acl.KeyGrants;
import org.mdm.acl.OneGrant;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.AclEntry;
import org.mdm.catalog.AclTarget;
import org.mdm.catalog.AclText;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.Grants;
import org.mdm.catalog.NsPath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mdm acl set|get|del}: one grant for every component, where the original system needed
 * four tools (lfc-setacl, dpns-setacl, the metadata server's and the key servers'), per study,
 * series and image.
 */
@Command(name = "acl", mixinStandardHelpOptions = true,
        description = {"Grant or revoke access to a study, a series, one image or one metadata attribute, in one",
            "step for the name space, the file catalogue, the metadata catalogue and the image keys on every key",
            "server: all of them or none. Only the owner, or who holds c (control), may change an ACL.", "",
            "Entries: POSIX ACL text as dpns-setacl and lfc-setacl take it, " + AclText.SYNTAX + "."},
        subcommands = {AclCommand.Set.class, AclCommand.Get.class, AclCommand.Del.class})
final class AclCommand {
    @ParentCommand
    private MdmCommand parent;

    private static final String TARGET = "A study or series directory, or one image: its name-space path (or the"
            + " part below register.path, e.g. <Study>/<Series>), lfn:/grid/..., guid:<GUID>; or a metadata entry or"
            + " attribute, /mdm/PATIENT/<id>:name.";

    /** The options both changes take. */
    static class Change {
        @Option(names = "--entry", description = "Change the directory's own ACL only, not what lies below it (e.g."
                + " give a grantee of one series search (x) on its study).")
        boolean entryOnly;

        @Parameters(index = "0", paramLabel = "TARGET", description = TARGET)
        String target;

        Grants.Scope scope() {
            return entryOnly ? Grants.Scope.ENTRY : Grants.Scope.RECURSIVE;
        }

        /** The entries of -m / -x and of the positional arguments, as one ACL text. */
        static String text(String option, List<String> positional) throws MdmException {
            List<String> parts = new ArrayList<>();
            if (option != null) {
                parts.add(option);
            }
            parts.addAll(positional);
            if (parts.isEmpty()) {
                throw new MdmException(Status.INVALID_REQUEST, "No ACL entries given: write them after TARGET or with"
                        + " -m, e.g. mdm acl set <Study>/<Series> u:/C=FR/O=X/CN=Bob:r");
            }
            return String.join(",", parts);
        }
    }

    /** {@code mdm acl set}. */
    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Add or change ACL entries (setfacl -m), on the target and all below it. On directories",
                "r brings x; the grantees get search (x) on the directories above; d: entries are passed to",
                "images registered there later. Examples:",
                "  mdm acl set 2.25.1/2.25.2 dn:/C=FR/O=Hospital/CN=Bob:r",
                "  mdm acl set -m \"m:rwx,u::rwx,g::0,o::0,u:/C=FR/O=X/CN=Bob:r-x,d:m:rwx\" lfn:/grid/biomed/mdm/2.25.1",
                "  mdm acl set /mdm/PATIENT/<id>:name u:/C=FR/O=X/CN=Bob:r"})
    static final class Set extends Change implements Callable<Integer> {
        @ParentCommand
        private AclCommand acl;

        @Option(names = "-m", paramLabel = "ACL", description = "Entries, comma-separated (as dpns-setacl -m).")
        private String modify;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "ENTRY", description = "More entries.")
        private List<String> entries = List.of();

        @Override
        public Integer call() throws Exception {
            List<AclEntry> parsed = AclText.parse(text(modify, entries));
            return acl.run(g -> g.set(target, parsed, acl.caller(), scope()), "granted on");
        }
    }

    /** {@code mdm acl del}. */
    @Command(name = "del", mixinStandardHelpOptions = true,
            description = {"Remove the entries of named users, groups or VOs (setfacl -x), on the target and all",
                "below it; their search right on the directories above goes once nothing there names them.",
                "  mdm acl del 2.25.1/2.25.2 dn:/C=FR/O=Hospital/CN=Bob"})
    static final class Del extends Change implements Callable<Integer> {
        @ParentCommand
        private AclCommand acl;

        @Option(names = "-x", paramLabel = "ACL", description = "Principals, comma-separated (as setfacl -x).")
        private String remove;

        @Parameters(index = "1..*", arity = "0..*", paramLabel = "ENTRY", description = "More principals: u:<DN>,"
                + " g:<group>, dn:<DN>, vo:<VO>, d:u:<DN> (the default only).")
        private List<String> entries = List.of();

        @Override
        public Integer call() throws Exception {
            List<AclEntry> parsed = AclText.parsePrincipals(text(remove, entries));
            return acl.run(g -> g.remove(target, parsed, acl.caller(), scope()), "revoked on");
        }
    }

    /** {@code mdm acl get}. */
    @Command(name = "get", mixinStandardHelpOptions = true,
            description = {"Print the owner, group and ACL of a target as getfacl prints them. An image's key holds",
                "the same on every key server (mdm eds getacl KEY shows a key's)."})
    static final class Get implements Callable<Integer> {
        @ParentCommand
        private AclCommand acl;

        @Parameters(index = "0", paramLabel = "TARGET", description = TARGET)
        private String target;

        @Override
        public Integer call() throws Exception {
            MdmConfig config = acl.parent.config();
            try (CatalogDatabase db = CatalogCommands.open(config)) {
                OneGrant.Listing listing = acl.oneGrant(db, null).get(target, acl.caller());
                PrintWriter out = acl.parent.out();
                out.println("# file: " + listing.target());
                out.println("# owner: " + listing.held().ownerDn());
                if (listing.held().group() != null) {
                    out.println("# group: " + listing.held().group());
                }
                for (AclEntry e : listing.held().acl()) {
                    out.println(getfacl(e));
                }
            }
            return 0;
        }

        private static String getfacl(AclEntry e) {
            String text = AclText.format(List.of(e));
            String tag = switch (e.tag()) {
                case USER_OBJ, USER -> "user";
                case GROUP_OBJ, GROUP -> "group";
                case MASK -> "mask";
                case OTHER -> "other";
            };
            return (e.isDefault() ? "default:" : "") + tag + text.substring(text.indexOf(':', e.isDefault() ? 2 : 0));
        }
    }

    private interface GrantCall {
        OneGrant.Report call(OneGrant grant) throws MdmException;
    }

    /** Runs one change with the key servers and the catalogue, and prints its report. */
    private int run(GrantCall call, String verb) throws MdmException {
        MdmConfig config = parent.config();
        try (GridSettings.Client client = GridSettings.client(config);
                CatalogDatabase db = CatalogCommands.open(config)) {
            OneGrant.Report report = call.call(oneGrant(db, new KeyServersAclWriter(client.servers())));
            print(report, verb);
        }
        return 0;
    }

    private OneGrant oneGrant(CatalogDatabase db, org.mdm.acl.KeyAclWriter keys) throws MdmException {
        MdmConfig config = parent.config();
        return new OneGrant(db, keys, SeIdentity.dn(config), NsPath.parse(config.get("register.path")),
                NsPath.parse(config.get("register.lfn")));
    }

    /** The caller: the proxy's DN and VOMS FQANs (groups and roles decide who holds control). */
    private GridPrincipal caller() throws MdmException {
        return GridSettings.callerPrincipal(parent.config());
    }

    private void print(OneGrant.Report r, String verb) {
        PrintWriter out = parent.out();
        Grants.Change c = r.change();
        out.println("mdm acl: " + verb + " " + r.target() + ":");
        if (r.target() instanceof AclTarget.Entry) {
            out.printf("  name space      %d image(s), %d director%s%n", c.files().size(), c.directories(),
                    c.directories() == 1 ? "y" : "ies");
            out.printf("  file catalogue  %d logical name(s), judged by the name space's ACL%n", c.logicalNames());
        }
        out.printf("  metadata        %d entr%s%n", c.metadata(), c.metadata() == 1 ? "y" : "ies");
        if (r.target() instanceof AclTarget.Entry) {
            StringBuilder keys = new StringBuilder();
            for (Map.Entry<String, Integer> e : r.keysByServer().entrySet()) {
                keys.append(keys.length() == 0 ? "" : "; ").append(e.getKey()).append(' ').append(e.getValue())
                        .append(" key(s)");
            }
            out.println("  key servers     " + (keys.length() == 0 ? "no image key to change" : keys));
        }
        c.warnings().forEach(w -> out.println("  warning: " + w));
        if (c.files().stream().anyMatch(f -> KeyGrants.unreachable(f.acl()))) {
            out.println("  warning: the ACL lets the owning group or others read; the key servers know named users,"
                    + " groups and VOs only: grant those by name for them to decrypt");
        }
    }
}
