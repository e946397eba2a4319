package org.mdm.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.mdm.api.MdmException;

/**
 * Default ({@code d:}) entries at work: what a directory's defaults grant is granted to the
 * directories and images registered under it later. A new directory takes its parent's defaults
 * as its own access and default entries; a new image takes the named users and groups of its
 * directory's defaults beside the entries registration gives it (owner, SE, readers), so a default
 * never takes away the SE's right to read what it serves.
 */
public final class Inheritance {
    private final NameSpace ns = new NameSpace();

    /**
     * The default entries the nearest existing directory at or above {@code dir} holds: the
     * directories a registration creates below it pass them down unchanged.
     */
    public List<AclEntry> defaultsAt(Connection c, NsPath dir) throws SQLException {
        for (NsPath p = dir; p != null; p = p.isRoot() ? null : p.parent()) {
            var entry = ns.stat(c, p);
            if (entry.isPresent()) {
                return entry.get().directory() ? ns.acl(c, p).stream().filter(AclEntry::isDefault).toList() : List.of();
            }
        }
        return List.of();
    }

    /** Gives a directory just created the defaults of its parent, as access and default entries. */
    public void newDirectory(Connection c, NsPath dir, List<AclEntry> defaults) throws SQLException, MdmException {
        if (defaults.isEmpty()) {
            return;
        }
        NsEntry d = ns.stat(c, dir).orElseThrow();
        List<AclEntry> changes = new ArrayList<>(named(defaults));
        changes.addAll(defaults);
        List<AclEntry> acl = PosixAcl.merge(PosixAcl.effective(ns.acl(c, dir), d.mode()), changes, true);
        ns.setAcl(c, dir, acl);
        ns.setMode(c, dir, PosixAcl.mode(acl, d.mode()));
    }

    /** A new image's ACL: the one registration gives it, with the named entries of the defaults. */
    public static List<AclEntry> newFile(List<AclEntry> registered, List<AclEntry> defaults) {
        List<AclEntry> named = named(defaults);
        return named.isEmpty() ? registered : PosixAcl.merge(registered, named, false);
    }

    /** The named user and group entries of the defaults, as access entries. */
    public static List<AclEntry> named(List<AclEntry> defaults) {
        return PosixAcl.inherited(defaults).stream()
                .filter(e -> e.tag() == AclEntry.Tag.USER || e.tag() == AclEntry.Tag.GROUP).toList();
    }
}
