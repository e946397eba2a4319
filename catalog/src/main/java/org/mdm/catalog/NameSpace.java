package org.mdm.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The name space (DPNS-like): directories and files by absolute path, each with owner, group,
 * mode and status; a file also has its exact size, ADLER32, PFN and GUID. Every method works
 * inside the caller's transaction ({@link CatalogDatabase#inTransaction}), so a registration
 * records its name-space, file-catalogue and metadata rows together or not at all.
 */
public final class NameSpace {
    /** SQLState of a unique-constraint violation, in H2 and PostgreSQL alike. */
    static final String DUPLICATE = "23505";
    private static final String COLUMNS = "id, path, kind, owner_dn, owner_group, mode, status, size, adler32, pfn,"
            + " guid, ctime, mtime";

    /**
     * Creates {@code dir} and its missing ancestors with this owner, group and mode; existing
     * directories are kept as they are.
     *
     * @return the directory's row id
     * @throws MdmException INVALID_PATH when a file stands where a directory is needed
     */
    public long mkdirs(Connection c, NsPath dir, String ownerDn, String group, int mode)
            throws SQLException, MdmException {
        Long parent = null;
        List<NsPath> chain = new ArrayList<>(dir.ancestors());
        chain.add(dir);
        for (NsPath p : chain) {
            Optional<Row> row = row(c, p);
            if (row.isPresent()) {
                if (!row.get().entry().directory()) {
                    throw new MdmException(Status.INVALID_PATH, p + " is a file; " + dir + " cannot be created"
                            + " under it.");
                }
                parent = row.get().id();
                continue;
            }
            parent = insertDirectory(c, parent, p, ownerDn, group, mode);
        }
        return parent;
    }

    /**
     * Inserts a directory, or takes the one a concurrent transaction committed first: registrations
     * of the images of a new series run at once and all make its directories. The loser's insert
     * fails on the unique path; only that insert is rolled back (a savepoint), so its transaction
     * goes on with the winner's row.
     */
    private static long insertDirectory(Connection c, Long parent, NsPath p, String ownerDn, String group, int mode)
            throws SQLException {
        Savepoint before = c.setSavepoint();
        try {
            long id = insert(c, parent, p, 'd', ownerDn, group, mode, NsStatus.ONLINE, 0, null, null, null);
            c.releaseSavepoint(before);
            return id;
        } catch (SQLException e) {
            if (!DUPLICATE.equals(e.getSQLState())) {
                throw e;
            }
            c.rollback(before);
            Optional<Row> theirs = row(c, p);
            if (theirs.isEmpty() || !theirs.get().entry().directory()) {
                throw e;
            }
            return theirs.get().id();
        }
    }

    /**
     * Records a file, REGISTERING until {@link #setStatus} makes it ONLINE; its directory must exist.
     *
     * @throws MdmException ALREADY_EXISTS for a path in use, NOT_FOUND for a missing directory
     */
    public void create(Connection c, NewFile f) throws SQLException, MdmException {
        Row dir = row(c, f.path().parent()).filter(r -> r.entry().directory()).orElseThrow(() ->
                new MdmException(Status.NOT_FOUND, "No directory " + f.path().parent() + " for " + f.path() + "."));
        if (row(c, f.path()).isPresent()) {
            throw new MdmException(Status.ALREADY_EXISTS, f.path() + " exists already.");
        }
        insert(c, dir.id(), f.path(), 'f', f.ownerDn(), f.group(), f.mode(), NsStatus.REGISTERING, f.size(),
                f.adler32(), f.pfn(), f.guid());
    }

    /**
     * Sets a file's status.
     *
     * @throws MdmException NOT_FOUND when there is no such file
     */
    public void setStatus(Connection c, NsPath path, NsStatus status) throws SQLException, MdmException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE ns_entry SET status = ?, mtime = ? WHERE path = ? AND kind = 'f'")) {
            s.setString(1, status.name());
            s.setTimestamp(2, Timestamp.from(Instant.now()));
            s.setString(3, path.toString());
            if (s.executeUpdate() == 0) {
                throw new MdmException(Status.NOT_FOUND, "No file " + path + " in the name space.");
            }
        }
    }

    /** The entry at {@code path}, whatever its status. */
    public Optional<NsEntry> stat(Connection c, NsPath path) throws SQLException {
        return row(c, path).map(Row::entry);
    }

    /**
     * The entries of directory {@code dir}, by name.
     *
     * @throws MdmException NOT_FOUND when there is no such directory, INVALID_PATH for a file
     */
    public List<NsEntry> list(Connection c, NsPath dir) throws SQLException, MdmException {
        Row row = row(c, dir).orElseThrow(() -> new MdmException(Status.NOT_FOUND, "No directory " + dir + "."));
        if (!row.entry().directory()) {
            throw new MdmException(Status.INVALID_PATH, dir + " is a file, not a directory.");
        }
        List<NsEntry> children = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM ns_entry WHERE parent_id = ?"
                + " ORDER BY name")) {
            s.setLong(1, row.id());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    children.add(read(rs).entry());
                }
            }
        }
        return children;
    }

    /**
     * Removes a file, or an empty directory.
     *
     * @return false when there was nothing at {@code path}
     * @throws MdmException INVALID_REQUEST for a directory that is not empty
     */
    public boolean remove(Connection c, NsPath path) throws SQLException, MdmException {
        Optional<Row> row = row(c, path);
        if (row.isEmpty()) {
            return false;
        }
        if (row.get().entry().directory() && !list(c, path).isEmpty()) {
            throw new MdmException(Status.INVALID_REQUEST, path + " is not empty; remove what it holds first.");
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM ns_entry WHERE id = ?")) {
            s.setLong(1, row.get().id());
            s.executeUpdate();
        }
        return true;
    }

    /**
     * Replaces the ACL of the entry at {@code path}.
     *
     * @throws MdmException NOT_FOUND when there is no such entry
     */
    public void setAcl(Connection c, NsPath path, List<AclEntry> acl) throws SQLException, MdmException {
        Row row = row(c, path).orElseThrow(() -> new MdmException(Status.NOT_FOUND, "No entry " + path + "."));
        try (PreparedStatement s = c.prepareStatement("DELETE FROM ns_acl WHERE entry_id = ?")) {
            s.setLong(1, row.id());
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ns_acl (entry_id, position, is_default, tag,"
                + " qualifier, perms) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < acl.size(); i++) {
                AclEntry e = acl.get(i);
                s.setLong(1, row.id());
                s.setInt(2, i);
                s.setBoolean(3, e.isDefault());
                s.setString(4, e.tag().name());
                s.setString(5, e.qualifier());
                s.setInt(6, e.perms());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /**
     * The entry at {@code path} and everything below it, parents before children; a grant on a
     * study reaches its series and images.
     */
    public List<NsEntry> subtree(Connection c, NsPath path) throws SQLException {
        List<NsEntry> entries = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM ns_entry WHERE path = ?"
                + " OR path LIKE ? ESCAPE '!' ORDER BY path")) {
            s.setString(1, path.toString());
            s.setString(2, likePrefix(path));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    entries.add(read(rs).entry());
                }
            }
        }
        return entries;
    }

    /**
     * Sets the mode bits of the entry at {@code path} (they follow its ACL).
     *
     * @throws MdmException NOT_FOUND when there is no such entry
     */
    public void setMode(Connection c, NsPath path, int mode) throws SQLException, MdmException {
        try (PreparedStatement s = c.prepareStatement("UPDATE ns_entry SET mode = ?, mtime = ? WHERE path = ?")) {
            s.setInt(1, mode);
            s.setTimestamp(2, Timestamp.from(Instant.now()));
            s.setString(3, path.toString());
            if (s.executeUpdate() == 0) {
                throw new MdmException(Status.NOT_FOUND, "No entry " + path + ".");
            }
        }
    }

    /** Whether an ACL entry below {@code dir} (not on it) names this principal. */
    public boolean namedBelow(Connection c, NsPath dir, AclEntry.Tag tag, String qualifier) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM ns_acl a JOIN ns_entry e ON e.id = a.entry_id"
                + " WHERE e.path LIKE ? ESCAPE '!' AND a.tag = ? AND a.qualifier = ? FETCH FIRST 1 ROWS ONLY")) {
            s.setString(1, likePrefix(dir));
            s.setString(2, tag.name());
            s.setString(3, qualifier);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** A LIKE pattern for everything below {@code dir} ('!' escapes). */
    private static String likePrefix(NsPath dir) {
        return dir.toString().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "/%";
    }

    /** The file registered with {@code guid}, if any. */
    public Optional<NsEntry> byGuid(Connection c, String guid) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM ns_entry WHERE guid = ?")) {
            s.setString(1, guid);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs).entry()) : Optional.empty();
            }
        }
    }

    /** The ACL of the entry at {@code path} (empty when only its mode applies, or there is no entry). */
    public List<AclEntry> acl(Connection c, NsPath path) throws SQLException {
        List<AclEntry> acl = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT a.is_default, a.tag, a.qualifier, a.perms FROM ns_acl a"
                + " JOIN ns_entry e ON e.id = a.entry_id WHERE e.path = ? ORDER BY a.position")) {
            s.setString(1, path.toString());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    AclEntry.Tag tag = AclEntry.Tag.valueOf(rs.getString(2));
                    acl.add(new AclEntry(tag, rs.getString(3), rs.getInt(4), rs.getBoolean(1)));
                }
            }
        }
        return acl;
    }

    private record Row(long id, NsEntry entry) {
    }

    private static Optional<Row> row(Connection c, NsPath path) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM ns_entry WHERE path = ?")) {
            s.setString(1, path.toString());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static Row read(ResultSet rs) throws SQLException {
        NsPath path;
        try {
            path = NsPath.parse(rs.getString("path"));
        } catch (MdmException e) {
            throw new SQLException("the catalogue holds a malformed path", e);
        }
        boolean directory = rs.getString("kind").equals("d");
        return new Row(rs.getLong("id"), new NsEntry(path, directory, rs.getString("owner_dn"),
                rs.getString("owner_group"), rs.getInt("mode"), NsStatus.valueOf(rs.getString("status")),
                rs.getLong("size"), rs.getString("adler32"), rs.getString("pfn"), rs.getString("guid"),
                rs.getTimestamp("ctime").toInstant(), rs.getTimestamp("mtime").toInstant()));
    }

    private static long insert(Connection c, Long parent, NsPath path, char kind, String ownerDn, String group,
            int mode, NsStatus status, long size, String adler32, String pfn, String guid) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement s = c.prepareStatement("INSERT INTO ns_entry (parent_id, name, path, kind, owner_dn,"
                + " owner_group, mode, status, size, adler32, pfn, guid, ctime, mtime)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            if (parent == null) {
                s.setNull(1, java.sql.Types.BIGINT);
            } else {
                s.setLong(1, parent);
            }
            s.setString(2, path.name());
            s.setString(3, path.toString());
            s.setString(4, String.valueOf(kind));
            s.setString(5, ownerDn);
            s.setString(6, group);
            s.setInt(7, mode);
            s.setString(8, status.name());
            s.setLong(9, size);
            s.setString(10, adler32);
            s.setString(11, pfn);
            s.setString(12, guid);
            s.setTimestamp(13, now);
            s.setTimestamp(14, now);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }
}
