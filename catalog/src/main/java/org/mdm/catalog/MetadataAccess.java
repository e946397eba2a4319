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
import java.util.Set;
import org.mdm.api.GridPrincipal;

/**
 * Who may read and write metadata, by the one evaluator ({@link Access}): an entry is its
 * owner's alone (mode {@link MetadataCatalogue#ENTRY_MODE}) until granted; an attribute follows
 * its own ACL when it has one, else its entry's, except a protected attribute (what
 * de-identification erases), which follows only its own. An entry exists for a caller who may
 * read at least one of its attributes. One instance serves one caller for one answer: it keeps the
 * ACLs it read, so a query reading many rows of few entries asks the database once per entry.
 */
public final class MetadataAccess {
    private final GridPrincipal caller;
    private final Map<String, Map<String, List<AclEntry>>> acls = new HashMap<>();
    private final Map<String, DirRules> dirs = new HashMap<>();
    private final MetadataCatalogue metadata = new MetadataCatalogue();

    /** What a directory's schema says about reading: which attributes are protected, and whether all are. */
    private record DirRules(Set<String> protectedAttributes, boolean allProtected) {
    }

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

    /** Whether the entry exists for the caller: it may read at least one of its attributes. */
    public boolean maySee(Connection c, String dir, String entry, String ownerDn) throws SQLException {
        if (caller.dn().equals(ownerDn)) {
            return true;
        }
        DirRules rules = rules(c, dir);
        for (Map.Entry<String, List<AclEntry>> acl : acls(c, dir, entry).entrySet()) {
            boolean wholeEntry = acl.getKey().equals(MetadataCatalogue.WHOLE_ENTRY);
            if (wholeEntry && rules.allProtected()) {
                continue; // the entry's ACL reaches none of its attributes
            }
            if ((Access.rights(ownerDn, null, MetadataCatalogue.ENTRY_MODE, acl.getValue(), caller)
                    & AclEntry.READ) != 0) {
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
        List<AclEntry> acl;
        if (byAttr.containsKey(attr)) {
            acl = byAttr.get(attr);
        } else if (rules(c, dir).protectedAttributes().contains(attr)) {
            acl = List.of();
        } else {
            acl = byAttr.getOrDefault(MetadataCatalogue.WHOLE_ENTRY, List.of());
        }
        return Access.rights(ownerDn, null, MetadataCatalogue.ENTRY_MODE, acl, caller);
    }

    private DirRules rules(Connection c, String dir) throws SQLException {
        DirRules known = dirs.get(dir);
        if (known == null) {
            Set<String> protectedAttributes = metadata.protectedAttributes(c, dir);
            known = new DirRules(protectedAttributes, protectedAttributes.containsAll(
                    metadata.attributes(c, dir).keySet()));
            dirs.put(dir, known);
        }
        return known;
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
