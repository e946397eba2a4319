package org.mdm.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The SHA-256 of each registered image's original data set, by GUID: registering the same SOP
 * Instance UID again is "already registered" only when the content is the same; other content
 * under a registered UID is refused. Never shown to users.
 */
public final class SourceDigests {

    /** Records the digest of {@code guid}'s original. */
    public void put(Connection c, String guid, String sha256Hex) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO reg_source (guid, digest) VALUES (?, ?)")) {
            s.setString(1, guid);
            s.setString(2, sha256Hex);
            s.executeUpdate();
        }
    }

    /** The digest of {@code guid}'s original; empty for images registered before digests were kept. */
    public Optional<String> get(Connection c, String guid) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT digest FROM reg_source WHERE guid = ?")) {
            s.setString(1, guid);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Forgets {@code guid}'s digest (unregistration). */
    public void remove(Connection c, String guid) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM reg_source WHERE guid = ?")) {
            s.setString(1, guid);
            s.executeUpdate();
        }
    }
}
