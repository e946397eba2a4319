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
 * The registration journal: one row per image being registered, written before each step that
 * leaves something outside the database (key shares on the key servers, the object in the DICOM
 * server, a spool file), so that after a failure or a kill -9 the next start knows what to finish
 * or undo. A registration that committed its catalogue rows deletes its journal row in the same
 * transaction.
 */
public final class RegistrationJournal {

    /** How far a registration got. */
    public enum State {
        /** Begun: a key may have been registered on some key servers. */
        KEYS,
        /** The object is in the DICOM server (it stays there: a retry reuses it). */
        STORED,
        /** The dry run gave the exact size and checksum; only the catalogue rows are missing. */
        DRY_RUN
    }

    /** One registration in flight. */
    public record Step(String sopKey, State state, NsPath path, String pfn, String ownerDn, Instant started,
            Instant updated) {
    }

    /**
     * Records that {@code sopKey} is being registered.
     *
     * @throws MdmException ALREADY_EXISTS when a registration of it is in flight (another process,
     *                      or one that crashed and was not recovered yet)
     */
    public void begin(Connection c, String sopKey, NsPath path, String pfn, String ownerDn)
            throws SQLException, MdmException {
        if (find(c, sopKey).isPresent()) {
            throw new MdmException(Status.ALREADY_EXISTS, "Image " + sopKey + " is being registered already"
                    + " (another mdm register, or one that stopped: the next start finishes or undoes it).");
        }
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement s = c.prepareStatement("INSERT INTO reg_journal (sop_key, state, path, pfn, owner_dn,"
                + " started, updated) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, sopKey);
            s.setString(2, State.KEYS.name());
            s.setString(3, path.toString());
            s.setString(4, pfn);
            s.setString(5, ownerDn);
            s.setTimestamp(6, now);
            s.setTimestamp(7, now);
            s.executeUpdate();
        }
    }

    /**
     * Moves a registration to {@code state}.
     *
     * @throws MdmException NOT_FOUND when it is not in the journal
     */
    public void advance(Connection c, String sopKey, State state) throws SQLException, MdmException {
        try (PreparedStatement s = c.prepareStatement("UPDATE reg_journal SET state = ?, updated = ? WHERE sop_key = ?")) {
            s.setString(1, state.name());
            s.setTimestamp(2, Timestamp.from(Instant.now()));
            s.setString(3, sopKey);
            if (s.executeUpdate() == 0) {
                throw new MdmException(Status.NOT_FOUND, "Image " + sopKey + " is not being registered.");
            }
        }
    }

    /** Ends a registration (committed, or fully undone); false when it was not in the journal. */
    public boolean finish(Connection c, String sopKey) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM reg_journal WHERE sop_key = ?")) {
            s.setString(1, sopKey);
            return s.executeUpdate() > 0;
        }
    }

    /** One registration in flight. */
    public Optional<Step> find(Connection c, String sopKey) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT sop_key, state, path, pfn, owner_dn, started, updated"
                + " FROM reg_journal WHERE sop_key = ?")) {
            s.setString(1, sopKey);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Every registration in flight, oldest first: what a start must finish or undo. */
    public List<Step> pending(Connection c) throws SQLException {
        List<Step> steps = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT sop_key, state, path, pfn, owner_dn, started, updated"
                + " FROM reg_journal ORDER BY started, sop_key");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                steps.add(read(rs));
            }
        }
        return steps;
    }

    private static Step read(ResultSet rs) throws SQLException {
        try {
            return new Step(rs.getString(1), State.valueOf(rs.getString(2)), NsPath.parse(rs.getString(3)),
                    rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant());
        } catch (MdmException e) {
            throw new SQLException("the registration journal holds a malformed path", e);
        }
    }
}
