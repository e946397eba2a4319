package org.mdm.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mdm.api.GridPrincipal;

/**
 * Who may read and write metadata, by the one evaluator ({@link Access}): an entry is its
 * owner's alone (mode {@link MetadataCatalogue#ENTRY_MODE}) until granted; an attribute follows
 * its own ACL when it has one, else its entry's. An entry exists for a caller who may read it or
 * at least one of its attributes. One instance serves one caller for one answer: it keeps the
 * ACLs it read, so a query reading many rows of few entries asks the database once per entry.
 */
public final class MetadataAccess {
    private final GridPrincipal caller;
    private final Map<String, Map<String, List<AclEntry>>> acls = new HashMap<>();

    public MetadataAccess(GridPrincipal caller) {
        this.caller = caller;
    }

    /** Whether the caller may read attribute {@code attr} of the entry. */
    public boolean mayRead(Connection c, String dir, String entry, String ownerDn, String attr) throws SQLException {
        return (rights(c, dir, entry, ownerDn, attr) & AclEntry.READ) != 0;
    }

    /** Whether the caller may change attribute {@code attr} of the entry. */
    public boolean mayWrite(Connection c, String dir, String entry, String ownerDn, String attr) throws SQLException {
        return (rights(c, dir, entry, ownerDn, attr) & AclEntry.WRITE) != 0;
    }

    /** Whether the entry exists for the caller: it may read the entry, or one of its attributes. */
    public boolean maySee(Connection c, String dir, String entry, String ownerDn) throws SQLException {
        if (caller.dn().equals(ownerDn)) {
            return true;
        }
        for (List<AclEntry> acl : acls(c, dir, entry).values()) {
            if ((Access.rights(ownerDn, null, MetadataCatalogue.ENTRY_MODE, acl, caller) & AclEntry.READ) != 0) {
                return true;
            }
        }
        return false;
    }

    private int rights(Connection c, String dir, String entry, String ownerDn, String attr) throws SQLException {
        if (caller.dn().equals(ownerDn)) {
            return Access.rights(ownerDn, null, MetadataCatalogue.ENTRY_MODE, List.of(), caller);
        }
        Map<String, List<AclEntry>> byAttr = acls(c, dir, entry);
        List<AclEntry> acl = byAttr.containsKey(attr) ? byAttr.get(attr)
                : byAttr.getOrDefault(MetadataCatalogue.WHOLE_ENTRY, List.of());
        return Access.rights(ownerDn, null, MetadataCatalogue.ENTRY_MODE, acl, caller);
    }

    /** The entry's ACLs by attribute ({@link MetadataCatalogue#WHOLE_ENTRY} for the entry's own). */
    private Map<String, List<AclEntry>> acls(Connection c, String dir, String entry) throws SQLException {
        String key = dir + '\u0000' + entry;
        Map<String, List<AclEntry>> known = acls.get(key);
        if (known != null) {
            return known;
        }
        Map<String, List<AclEntry>> byAttr = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT attr, tag, qualifier, perms FROM md_acl WHERE dir = ?"
                + " AND entry = ? ORDER BY attr, position")) {
            s.setString(1, dir);
            s.setString(2, entry);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    byAttr.computeIfAbsent(rs.getString(1), a -> new ArrayList<>()).add(new AclEntry(
                            AclEntry.Tag.valueOf(rs.getString(2)), rs.getString(3), rs.getInt(4), false));
                }
            }
        }
        if (acls.size() > 10_000) {
            acls.clear(); // a long answer over many entries: keep memory bounded
        }
        acls.put(key, byAttr);
        return byAttr;
    }
}
