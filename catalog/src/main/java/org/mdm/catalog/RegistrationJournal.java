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

    /**
     * One registration in flight.
     *
     * @param holder     the process registering it ({@link JournalHolder}); null for rows of an
     *                   older version, which count as abandoned
     * @param leaseUntil until when the holder is taken to be alive without news from it
     */
    public record Step(String sopKey, State state, NsPath path, String pfn, String ownerDn, Instant started,
            Instant updated, String holder, Instant leaseUntil) {
    }

    /** How long a holder's rows stay its own without a renewal. */
    public static final java.time.Duration LEASE = java.time.Duration.ofSeconds(30);

    /**
     * Records that {@code sopKey} is being registered.
     *
     * @throws MdmException ALREADY_EXISTS when a registration of it is in flight (another process,
     *                      or one that crashed and was not recovered yet)
     */
    public void begin(Connection c, String sopKey, NsPath path, String pfn, String ownerDn, String holder)
            throws SQLException, MdmException {
        if (find(c, sopKey).isPresent()) {
            throw inFlight(sopKey);
        }
        Instant now = Instant.now();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO reg_journal (sop_key, state, path, pfn, owner_dn,"
                + " started, updated, holder, lease_until) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, sopKey);
            s.setString(2, State.KEYS.name());
            s.setString(3, path.toString());
            s.setString(4, pfn);
            s.setString(5, ownerDn);
            s.setTimestamp(6, Timestamp.from(now));
            s.setTimestamp(7, Timestamp.from(now));
            s.setString(8, holder);
            s.setTimestamp(9, Timestamp.from(now.plus(LEASE)));
            s.executeUpdate();
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw inFlight(sopKey); // another process inserted it since find()
            }
            throw e;
        }
    }

    /** SQLSTATE of a unique-constraint violation, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";

    private static MdmException inFlight(String sopKey) {
        return new MdmException(Status.ALREADY_EXISTS, "Image " + sopKey + " is being registered already"
                + " (by another mdm register or push, or by one that stopped: a later start undoes that).");
    }

    /** Extends the lease of every row {@code holder} holds; the number of rows. */
    public int renew(Connection c, String holder) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE reg_journal SET lease_until = ? WHERE holder = ?")) {
            s.setTimestamp(1, Timestamp.from(Instant.now().plus(LEASE)));
            s.setString(2, holder);
            return s.executeUpdate();
        }
    }

    /**
     * Takes over an abandoned row: it becomes {@code holder}'s, unless someone else took it (or
     * it ended) since it was read.
     *
     * @return whether the row is now {@code holder}'s
     */
    public boolean claim(Connection c, Step abandoned, String holder) throws SQLException {
        String sql = "UPDATE reg_journal SET holder = ?, lease_until = ? WHERE sop_key = ? AND "
                + (abandoned.holder() == null ? "holder IS NULL" : "holder = ?");
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, holder);
            s.setTimestamp(2, Timestamp.from(Instant.now().plus(LEASE)));
            s.setString(3, abandoned.sopKey());
            if (abandoned.holder() != null) {
                s.setString(4, abandoned.holder());
            }
            return s.executeUpdate() == 1;
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
        try (PreparedStatement s = c.prepareStatement(COLUMNS + " FROM reg_journal WHERE sop_key = ?")) {
            s.setString(1, sopKey);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Every registration in flight, oldest first: what a start must finish or undo. */
    public List<Step> pending(Connection c) throws SQLException {
        List<Step> steps = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(COLUMNS + " FROM reg_journal ORDER BY started, sop_key");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                steps.add(read(rs));
            }
        }
        return steps;
    }

    private static final String COLUMNS = "SELECT sop_key, state, path, pfn, owner_dn, started, updated, holder,"
            + " lease_until";

    private static Step read(ResultSet rs) throws SQLException {
        try {
            Timestamp lease = rs.getTimestamp(9);
            return new Step(rs.getString(1), State.valueOf(rs.getString(2)), NsPath.parse(rs.getString(3)),
                    rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(),
                    rs.getString(8), lease == null ? Instant.EPOCH : lease.toInstant());
        } catch (MdmException e) {
            throw new SQLException("the registration journal holds a malformed path", e);
        }
    }
}
