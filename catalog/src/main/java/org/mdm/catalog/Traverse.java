package org.mdm.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;

/**
 * The search (x) right a grantee needs on each directory between the site's base and a granted
 * entry, as DPNS asks for it: a colleague granted one series must pass its study directory, and
 * sees nothing else there (x without r lists nothing). A revocation takes that x back once
 * nothing below the directory names the principal any more. Directories the caller does not
 * control are left alone and reported.
 */
final class Traverse {
    private final NameSpace ns;
    private final NsPath base;

    Traverse(NameSpace ns, NsPath base) {
        this.ns = ns;
        this.base = base;
    }

    /**
     * Updates the directories above {@code top} (what is granted below them, now or by default
     * later, must be reachable); returns how many changed.
     */
    int ancestors(Connection c, NsPath top, List<AclEntry> entries, GridPrincipal caller, boolean remove,
            List<String> warnings) throws SQLException, MdmException {
        List<AclEntry> principals = principals(entries, remove);
        if (principals.isEmpty()) {
            return 0;
        }
        List<NsPath> dirs = new ArrayList<>(top.ancestors().stream()
                .filter(d -> d.toString().startsWith(base + "/")).toList());
        if (remove) {
            java.util.Collections.reverse(dirs); // a study's x goes only after its series' x went
        }
        int changed = 0;
        for (NsPath dir : dirs) {
            NsEntry d = ns.stat(c, dir).orElseThrow();
            List<AclEntry> before = PosixAcl.effective(ns.acl(c, dir), d.mode());
            List<AclEntry> after = remove ? withdraw(c, dir, before, principals) : pass(before, principals);
            if (after.equals(before)) {
                continue;
            }
            if ((Access.rights(d, before, caller) & AclEntry.CONTROL) == 0) {
                warnings.add(dir + " is not yours: " + (remove ? "the search right it gives the grantees stays"
                        : "the grantees need its owner to grant them search (x) on it"));
                continue;
            }
            store(c, d, after);
            changed++;
        }
        return changed;
    }

    /**
     * After a revocation below and at {@code tree}'s directories (children first): the search
     * rights given only for what is no longer granted go. Returns how many changed.
     */
    int withdrawWithin(Connection c, List<NsEntry> tree, List<AclEntry> entries) throws SQLException, MdmException {
        List<AclEntry> principals = principals(entries, true);
        int changed = 0;
        for (int i = tree.size() - 1; i >= 0; i--) {
            NsEntry d = tree.get(i);
            if (!d.directory()) {
                continue;
            }
            List<AclEntry> before = PosixAcl.effective(ns.acl(c, d.path()), d.mode());
            List<AclEntry> after = withdraw(c, d.path(), before, principals);
            if (!after.equals(before)) {
                store(c, d, after);
                changed++;
            }
        }
        return changed;
    }

    private void store(Connection c, NsEntry d, List<AclEntry> acl) throws SQLException, MdmException {
        ns.setAcl(c, d.path(), acl);
        ns.setMode(c, d.path(), PosixAcl.mode(acl, d.mode()));
    }

    /**
     * The named users and groups of {@code entries} (access and default) that need search, or for
     * a removal every one named, as access entries.
     */
    static List<AclEntry> principals(List<AclEntry> entries, boolean remove) {
        return entries.stream().filter(e -> (e.tag() == AclEntry.Tag.USER || e.tag() == AclEntry.Tag.GROUP)
                && (remove || (e.perms() & (AclEntry.READ | AclEntry.EXECUTE)) != 0))
                .map(e -> new AclEntry(e.tag(), e.qualifier(), 0, false)).distinct().toList();
    }

    /** The named users and groups of the default entries that need search, as access entries. */
    static List<AclEntry> defaultPrincipals(List<AclEntry> entries) {
        return principals(entries.stream().filter(AclEntry::isDefault).toList(), false);
    }

    /** Adds x to each principal's entry, or an x-only entry. */
    static List<AclEntry> pass(List<AclEntry> acl, List<AclEntry> principals) {
        List<AclEntry> changes = new ArrayList<>();
        for (AclEntry p : principals) {
            int perms = acl.stream().filter(e -> PosixAcl.samePrincipal(e, p)).mapToInt(AclEntry::perms).findFirst()
                    .orElse(0);
            if ((perms & AclEntry.EXECUTE) == 0) {
                changes.add(new AclEntry(p.tag(), p.qualifier(), perms | AclEntry.EXECUTE, false));
            }
        }
        return changes.isEmpty() ? acl : PosixAcl.merge(acl, changes, true);
    }

    /** Removes each principal's x-only entry once nothing below names it. */
    private List<AclEntry> withdraw(Connection c, NsPath dir, List<AclEntry> acl, List<AclEntry> principals)
            throws SQLException {
        List<AclEntry> gone = new ArrayList<>();
        for (AclEntry p : principals) {
            boolean traverseOnly = acl.stream().anyMatch(e -> PosixAcl.samePrincipal(e, p)
                    && e.perms() == AclEntry.EXECUTE);
            if (traverseOnly && !ns.namedBelow(c, dir, p.tag(), p.qualifier())) {
                gone.add(new AclEntry(p.tag(), p.qualifier(), 0, false));
            }
        }
        return gone.isEmpty() ? acl : PosixAcl.remove(acl, gone);
    }
}
