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
     * Updates the directories above {@code top}, and {@code top} itself for default entries (what
     * is registered in it later must be reachable); returns how many changed.
     */
    int update(Connection c, NsPath top, List<AclEntry> entries, GridPrincipal caller, boolean remove,
            List<String> warnings) throws SQLException, MdmException {
        List<AclEntry> access = principals(entries, false, remove);
        List<AclEntry> defaults = principals(entries, true, remove);
        List<NsPath> dirs = new ArrayList<>(top.ancestors().stream()
                .filter(d -> d.toString().startsWith(base + "/")).toList());
        dirs.add(top);
        if (remove) {
            java.util.Collections.reverse(dirs); // a study's x goes only after its series' x went
        }
        int changed = 0;
        for (NsPath dir : dirs) {
            List<AclEntry> principals = new ArrayList<>(defaults);
            if (!dir.equals(top)) {
                principals.addAll(access);
            }
            NsEntry d = ns.stat(c, dir).orElseThrow();
            if (principals.isEmpty() || !d.directory()) {
                continue;
            }
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
            ns.setAcl(c, dir, after);
            ns.setMode(c, dir, PosixAcl.mode(after, d.mode()));
            changed++;
        }
        return changed;
    }

    /** The named users and groups that need (or no longer need) search, as access entries. */
    private static List<AclEntry> principals(List<AclEntry> entries, boolean dflt, boolean remove) {
        return entries.stream().filter(e -> e.isDefault() == dflt && (e.tag() == AclEntry.Tag.USER
                || e.tag() == AclEntry.Tag.GROUP) && (remove || (e.perms() & (AclEntry.READ | AclEntry.EXECUTE)) != 0))
                .map(e -> new AclEntry(e.tag(), e.qualifier(), e.perms(), false)).distinct().toList();
    }

    /** Adds x to each principal's entry, or an x-only entry. */
    private static List<AclEntry> pass(List<AclEntry> acl, List<AclEntry> principals) {
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
