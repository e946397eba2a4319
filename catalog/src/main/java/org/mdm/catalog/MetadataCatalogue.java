package org.mdm.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The metadata catalogue (AMGA-like): directories ({@code /mdm/PATIENT}, {@code /mdm/STUDY},
 * {@code /mdm/SERIES}, {@code /mdm/IMAGE}) with a typed attribute schema, entries in them, and
 * one value per entry and attribute. Works inside the caller's transaction.
 */
public final class MetadataCatalogue {
    /** The attribute name under which an ACL for a whole entry is kept. */
    public static final String WHOLE_ENTRY = "";
    /**
     * The mode metadata entries are judged with: the owner reads and writes, nobody else. An
     * entry is private until its owner grants it (PATIENT entries hold what de-identification erased).
     */
    public static final int ENTRY_MODE = 0600;

    /** The attributes of {@code dir}, name to type, by name. */
    public Map<String, String> attributes(Connection c, String dir) throws SQLException {
        Map<String, String> attributes = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT name, type FROM md_attribute WHERE dir = ? ORDER BY name")) {
            s.setString(1, dir);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    attributes.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return attributes;
    }

    /**
     * The protected attributes of {@code dir}: what de-identification erases. They follow only
     * their own ACL, never the entry's, so a grant on an image or a directory does not reach them.
     */
    public Set<String> protectedAttributes(Connection c, String dir) throws SQLException {
        Set<String> names = new TreeSet<>();
        try (PreparedStatement s = c.prepareStatement("SELECT name FROM md_attribute WHERE dir = ? AND is_protected")) {
            s.setString(1, dir);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /**
     * Adds entry {@code name} to {@code dir} with these values.
     *
     * @throws MdmException NOT_FOUND for an unknown directory, INVALID_REQUEST for an attribute
     *                      the directory does not have or a value that does not fit its type,
     *                      ALREADY_EXISTS when the entry exists
     */
    public void addEntry(Connection c, String dir, String name, String ownerDn, Map<String, String> values)
            throws SQLException, MdmException {
        Map<String, String> schema = attributes(c, dir);
        if (schema.isEmpty()) {
            throw new MdmException(Status.NOT_FOUND, "No metadata directory " + dir + ".");
        }
        check(dir, schema, values);
        if (exists(c, dir, name)) {
            throw new MdmException(Status.ALREADY_EXISTS, "Metadata entry " + dir + "/" + name + " exists already.");
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO md_entry (dir, name, owner_dn) VALUES (?, ?, ?)")) {
            s.setString(1, dir);
            s.setString(2, name);
            s.setString(3, ownerDn);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO md_value (dir, entry, attr, val) VALUES (?, ?, ?, ?)")) {
            for (Map.Entry<String, String> v : values.entrySet()) {
                s.setString(1, dir);
                s.setString(2, name);
                s.setString(3, v.getKey());
                s.setString(4, v.getValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * The values of {@code attrs} for one entry, in the order asked; an attribute without a value
     * maps to null.
     *
     * @throws MdmException NOT_FOUND for a missing entry, INVALID_REQUEST for an unknown attribute
     */
    public Map<String, String> getattr(Connection c, String dir, String name, List<String> attrs)
            throws SQLException, MdmException {
        if (!exists(c, dir, name)) {
            throw new MdmException(Status.NOT_FOUND, "No metadata entry " + dir + "/" + name + ".");
        }
        Map<String, String> schema = attributes(c, dir);
        Map<String, String> values = new LinkedHashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT val FROM md_value WHERE dir = ? AND entry = ? AND attr = ?")) {
            for (String attr : attrs) {
                if (!schema.containsKey(attr)) {
                    throw unknown(dir, attr, schema);
                }
                s.setString(1, dir);
                s.setString(2, name);
                s.setString(3, attr);
                try (ResultSet rs = s.executeQuery()) {
                    values.put(attr, rs.next() ? rs.getString(1) : null);
                }
            }
        }
        return values;
    }

    /** The entries of {@code dir} whose {@code attr} equals {@code value}, by name. */
    public List<String> find(Connection c, String dir, String attr, String value) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT entry FROM md_value WHERE dir = ? AND attr = ? AND val = ? ORDER BY entry")) {
            s.setString(1, dir);
            s.setString(2, attr);
            s.setString(3, value);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    /** Removes an entry with its values; false when there was none. */
    public boolean remove(Connection c, String dir, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM md_entry WHERE dir = ? AND name = ?")) {
            s.setString(1, dir);
            s.setString(2, name);
            return s.executeUpdate() > 0;
        }
    }

    /** The owner of entry {@code name} of {@code dir}, if the entry exists. */
    public java.util.Optional<String> owner(Connection c, String dir, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT owner_dn FROM md_entry WHERE dir = ? AND name = ?")) {
            s.setString(1, dir);
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
            }
        }
    }

    /**
     * The ACL of one entry's attribute, or of the whole entry when {@code attr} is {@link #WHOLE_ENTRY};
     * empty when none was set (then only the owner reads).
     */
    public List<AclEntry> acl(Connection c, String dir, String entry, String attr) throws SQLException {
        List<AclEntry> acl = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT tag, qualifier, perms FROM md_acl WHERE dir = ?"
                + " AND entry = ? AND attr = ? ORDER BY position")) {
            s.setString(1, dir);
            s.setString(2, entry);
            s.setString(3, attr);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    acl.add(new AclEntry(AclEntry.Tag.valueOf(rs.getString(1)), rs.getString(2), rs.getInt(3), false));
                }
            }
        }
        return acl;
    }

    /** Replaces the ACL of one entry's attribute (or of the whole entry); defaults are not kept here. */
    public void setAcl(Connection c, String dir, String entry, String attr, List<AclEntry> acl) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM md_acl WHERE dir = ? AND entry = ? AND attr = ?")) {
            s.setString(1, dir);
            s.setString(2, entry);
            s.setString(3, attr);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO md_acl (dir, entry, attr, position, tag, qualifier,"
                + " perms) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            int position = 0;
            for (AclEntry e : acl) {
                if (e.isDefault()) {
                    continue;
                }
                s.setString(1, dir);
                s.setString(2, entry);
                s.setString(3, attr);
                s.setInt(4, position++);
                s.setString(5, e.tag().name());
                s.setString(6, e.qualifier());
                s.setInt(7, e.perms());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** The metadata directories, by name. */
    public List<String> directories(Connection c) throws SQLException {
        List<String> dirs = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT DISTINCT dir FROM md_attribute ORDER BY dir")) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    dirs.add(rs.getString(1));
                }
            }
        }
        return dirs;
    }

    /**
     * Sets (or, with a null value, clears) attributes of an existing entry.
     *
     * @throws MdmException NOT_FOUND for a missing entry, INVALID_REQUEST for an unknown attribute
     *                      or a value that does not fit its type
     */
    public void setValues(Connection c, String dir, String name, Map<String, String> values)
            throws SQLException, MdmException {
        if (!exists(c, dir, name)) {
            throw new MdmException(Status.NOT_FOUND, "No metadata entry " + dir + "/" + name + ".");
        }
        check(dir, attributes(c, dir), values);
        for (Map.Entry<String, String> v : values.entrySet()) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM md_value WHERE dir = ? AND entry = ? AND attr = ?")) {
                s.setString(1, dir);
                s.setString(2, name);
                s.setString(3, v.getKey());
                s.executeUpdate();
            }
            if (v.getValue() != null) {
                try (PreparedStatement s = c.prepareStatement("INSERT INTO md_value (dir, entry, attr, val) VALUES (?, ?, ?, ?)")) {
                    s.setString(1, dir);
                    s.setString(2, name);
                    s.setString(3, v.getKey());
                    s.setString(4, v.getValue());
                    s.executeUpdate();
                }
            }
        }
    }

    /**
     * Adds attribute {@code attr} of {@code type} to directory {@code dir}, which may be new.
     *
     * @throws MdmException INVALID_REQUEST for a bad name or type, ALREADY_EXISTS for an attribute
     *                      the directory has
     */
    public void addAttribute(Connection c, String dir, String attr, String type) throws SQLException, MdmException {
        if (!dir.matches("(/[A-Za-z0-9_.-]+)+") || !attr.matches("[A-Za-z][A-Za-z0-9_]{0,63}") || attr.equals("FILE")) {
            throw new MdmException(Status.INVALID_REQUEST, "Attribute '" + attr + "' of '" + dir + "': a directory is"
                    + " /name[/name...] and an attribute a letter then letters, digits or _ (FILE is the entry's name).");
        }
        if (!List.of("varchar", "int", "float", "timestamp").contains(type)) {
            throw new MdmException(Status.INVALID_REQUEST, "Attribute type '" + type + "': use varchar, int, float or"
                    + " timestamp.");
        }
        if (attributes(c, dir).containsKey(attr)) {
            throw new MdmException(Status.ALREADY_EXISTS, dir + " has an attribute " + attr + " already.");
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO md_attribute (dir, name, type) VALUES (?, ?, ?)")) {
            s.setString(1, dir);
            s.setString(2, attr);
            s.setString(3, type);
            s.executeUpdate();
        }
    }

    /** Whether entry {@code name} exists in {@code dir}. */
    public boolean has(Connection c, String dir, String name) throws SQLException {
        return exists(c, dir, name);
    }

    private static boolean exists(Connection c, String dir, String name) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM md_entry WHERE dir = ? AND name = ?")) {
            s.setString(1, dir);
            s.setString(2, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void check(String dir, Map<String, String> schema, Map<String, String> values) throws MdmException {
        for (Map.Entry<String, String> v : values.entrySet()) {
            String type = schema.get(v.getKey());
            if (type == null) {
                throw unknown(dir, v.getKey(), schema);
            }
            if (type.equals("int") && v.getValue() != null && !v.getValue().matches("-?\\d{1,18}")) {
                throw new MdmException(Status.INVALID_REQUEST, "Attribute " + v.getKey() + " of " + dir
                        + " is an int; the value given is not.");
            }
            // Queries compare float attributes with CAST: a value that is no number would fail them all.
            if (type.equals("float") && v.getValue() != null
                    && !v.getValue().matches("-?\\d{1,30}(\\.\\d{1,30})?([eE][+-]?\\d{1,3})?")) {
                throw new MdmException(Status.INVALID_REQUEST, "Attribute " + v.getKey() + " of " + dir
                        + " is a float; the value given is not.");
            }
        }
    }

    private static MdmException unknown(String dir, String attr, Map<String, String> schema) {
        return new MdmException(Status.INVALID_REQUEST, "Metadata directory " + dir + " has no attribute '" + attr
                + "'; it has " + new TreeSet<>(schema.keySet()) + ".");
    }
}
