package org.mdm.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The file catalogue (LFC-like): a logical name ({@code /grid/<vo>/mdm/<Study>/<Series>/<SOP>})
 * names a GUID, which has a size, a checksum and one replica SURL per storage element that holds
 * it, so another site can add its own. Works inside the caller's transaction.
 */
public final class FileCatalogue {

    /** A logical name and the GUID it names. */
    public record LogicalName(NsPath lfn, String guid) {
    }

    /** The logical names below directory {@code dir}, at any depth, in name order. */
    public List<LogicalName> under(Connection c, NsPath dir) throws SQLException, MdmException {
        String prefix = dir.isRoot() ? "/" : dir + "/";
        String pattern = prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
        List<LogicalName> names = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT lfn, guid FROM fc_lfn WHERE lfn LIKE ? ESCAPE '!' ORDER BY lfn")) {
            s.setString(1, pattern);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(new LogicalName(NsPath.parse(rs.getString(1)), rs.getString(2).trim()));
                }
            }
        }
        return names;
    }

    /** A GUID's facts. */
    public record Guid(String guid, long size, String adler32, String ownerDn, Instant ctime) {
    }

    /**
     * Records {@code lfn} → {@code guid} with its first replica.
     *
     * @throws MdmException ALREADY_EXISTS when the logical name or the GUID is taken
     */
    public void register(Connection c, NsPath lfn, Guid guid, String surl) throws SQLException, MdmException {
        if (guidOf(c, lfn).isPresent()) {
            throw new MdmException(Status.ALREADY_EXISTS, "Logical name " + lfn + " exists already.");
        }
        if (guid(c, guid.guid()).isPresent()) {
            throw new MdmException(Status.ALREADY_EXISTS, "GUID " + guid.guid() + " exists already.");
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO fc_guid (guid, size, adler32, owner_dn, ctime) VALUES (?, ?, ?, ?, ?)")) {
            s.setString(1, guid.guid());
            s.setLong(2, guid.size());
            s.setString(3, guid.adler32());
            s.setString(4, guid.ownerDn());
            s.setTimestamp(5, Timestamp.from(guid.ctime()));
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO fc_lfn (lfn, guid) VALUES (?, ?)")) {
            s.setString(1, lfn.toString());
            s.setString(2, guid.guid());
            s.executeUpdate();
        }
        addReplica(c, guid.guid(), surl);
    }

    /**
     * Adds a replica; an existing one is kept.
     *
     * @throws MdmException NOT_FOUND for an unknown GUID
     */
    public void addReplica(Connection c, String guid, String surl) throws SQLException, MdmException {
        if (guid(c, guid).isEmpty()) {
            throw new MdmException(Status.NOT_FOUND, "No GUID " + guid + " in the file catalogue.");
        }
        if (replicas(c, guid).contains(surl)) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO fc_replica (guid, surl) VALUES (?, ?)")) {
            s.setString(1, guid);
            s.setString(2, surl);
            s.executeUpdate();
        }
    }

    /** The GUID a logical name names. */
    public Optional<String> guidOf(Connection c, NsPath lfn) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT guid FROM fc_lfn WHERE lfn = ?")) {
            s.setString(1, lfn.toString());
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1).trim()) : Optional.empty();
            }
        }
    }

    /** A GUID's facts. */
    public Optional<Guid> guid(Connection c, String guid) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT guid, size, adler32, owner_dn, ctime FROM fc_guid WHERE guid = ?")) {
            s.setString(1, guid);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Guid(rs.getString(1).trim(), rs.getLong(2), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant())) : Optional.empty();
            }
        }
    }

    /** The replica SURLs of a GUID, sorted. */
    public List<String> replicas(Connection c, String guid) throws SQLException {
        List<String> surls = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT surl FROM fc_replica WHERE guid = ? ORDER BY surl")) {
            s.setString(1, guid);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    surls.add(rs.getString(1));
                }
            }
        }
        return surls;
    }

    /** Removes a GUID with its logical names and replicas; false when there was none. */
    public boolean remove(Connection c, String guid) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM fc_guid WHERE guid = ?")) {
            s.setString(1, guid);
            return s.executeUpdate() > 0;
        }
    }

    /** How many logical names {@code guid} has. */
    public int logicalNames(Connection c, String guid) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM fc_lfn WHERE guid = ?")) {
            s.setString(1, guid);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
