package org.mdm.catalog.query;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The metadata directories and their typed attributes ({@code md_attribute}), against which a
 * query's names are checked: only names found here ever reach SQL, and then only as parameters.
 */
public final class MetadataSchema {
    private final Map<String, Map<String, AttributeType>> directories;

    /** A schema from directory to attribute name to type name ({@code varchar}, {@code int}, ...). */
    public MetadataSchema(Map<String, Map<String, String>> typesByDirectory) {
        Map<String, Map<String, AttributeType>> copy = new TreeMap<>();
        typesByDirectory.forEach((dir, attrs) -> {
            Map<String, AttributeType> types = new TreeMap<>();
            attrs.forEach((name, type) -> types.put(name, AttributeType.of(type)));
            copy.put(dir, types);
        });
        this.directories = copy;
    }

    /** The schema as the catalogue holds it now. */
    public static MetadataSchema load(Connection c) throws SQLException {
        Map<String, Map<String, String>> types = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT dir, name, type FROM md_attribute");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                types.computeIfAbsent(rs.getString(1), d -> new TreeMap<>()).put(rs.getString(2), rs.getString(3));
            }
        }
        return new MetadataSchema(types);
    }

    public boolean hasDirectory(String dir) {
        return directories.containsKey(dir);
    }

    /**
     * The attribute {@code dir:attr}; {@code where} says where it was named, for the message.
     *
     * @throws MdmException INVALID_REQUEST for an unknown directory or attribute, naming the known ones
     */
    public Operand.Attribute attribute(String dir, String attr, String where) throws MdmException {
        requireDirectory(dir, where);
        if (attr.equals(Operand.Attribute.FILE)) {
            return new Operand.Attribute(dir, attr, AttributeType.VARCHAR);
        }
        AttributeType type = directories.get(dir).get(attr);
        if (type == null) {
            throw new MdmException(Status.INVALID_REQUEST, where + ": metadata directory " + dir + " has no attribute '"
                    + attr + "'; it has " + directories.get(dir).keySet() + " and FILE (the entry's name).");
        }
        return new Operand.Attribute(dir, attr, type);
    }

    /** @throws MdmException INVALID_REQUEST naming the known directories */
    public void requireDirectory(String dir, String where) throws MdmException {
        if (!directories.containsKey(dir)) {
            throw new MdmException(Status.INVALID_REQUEST, where + ": there is no metadata directory '" + dir
                    + "'; the directories are " + directories.keySet() + ".");
        }
    }
}
