package org.mdm.hydra.server;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.protocol.AclDocument;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.Json;

/**
 * A {@link ShareStore} on JDBC: embedded H2 by default ({@link #openH2}), PostgreSQL (or any
 * database with standard SQL and SQLSTATE 23505 for duplicate keys) through {@link #open}.
 *
 * <p>One connection, used under this object's lock: a key server's load is a few small
 * statements per image, and one connection keeps H2's file open for the server's lifetime.
 * SQL exception messages are never passed on: some databases quote parameter values in them.
 */
public final class JdbcShareStore implements ShareStore {
    private static final String UNIQUE_VIOLATION = "23505";

    private final Connection connection;
    private final String description;

    private JdbcShareStore(Connection connection, String description) throws MdmException {
        this.connection = connection;
        this.description = description;
        createSchema();
    }

    /**
     * Opens (creating if needed) the H2 database {@code hydra} in {@code directory}, which is
     * made owner-only (0700) and whose files are made owner-only (0600); see {@link H2Files}.
     */
    public static JdbcShareStore openH2(java.nio.file.Path directory) throws MdmException {
        H2Files.prepareDirectory(directory);
        // TRACE_LEVEL_FILE=0: H2's trace file could otherwise record statements.
        String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("hydra") + ";TRACE_LEVEL_FILE=0";
        JdbcShareStore store = open(url, "sa", "");
        H2Files.restrictFiles(directory);
        return store;
    }

    /** Opens the database at a JDBC URL ({@code jdbc:postgresql://host/db} or {@code jdbc:h2:…}). */
    public static JdbcShareStore open(String url, String user, String password) throws MdmException {
        String description = url.replaceAll(";.*", "").replaceAll("\\?.*", "");
        try {
            return new JdbcShareStore(DriverManager.getConnection(url, user, password), description);
        } catch (SQLException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "cannot open the share database " + description
                    + " (SQLSTATE " + e.getSQLState() + ", code " + e.getErrorCode()
                    + "): check the JDBC URL, credentials and that the database is up", e);
        }
    }

    private synchronized void createSchema() throws MdmException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS hydra_shares ("
                    + "key_id VARCHAR(128) PRIMARY KEY, owner_dn VARCHAR(1024) NOT NULL, "
                    + "x INTEGER NOT NULL, share_value BYTEA NOT NULL, acl_json TEXT NOT NULL)");
        } catch (SQLException e) {
            throw failure("create the schema", e);
        }
    }

    @Override
    public synchronized boolean insert(StoredShare share) throws MdmException {
        try (PreparedStatement p = connection.prepareStatement(
                "INSERT INTO hydra_shares (key_id, owner_dn, x, share_value, acl_json) VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, share.keyId());
            p.setString(2, share.owner());
            p.setInt(3, share.x());
            p.setBytes(4, share.share());
            p.setString(5, aclJson(share.acl()));
            p.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw failure("store key " + share.keyId(), e);
        }
    }

    @Override
    public synchronized Optional<StoredShare> find(String keyId) throws MdmException {
        try (PreparedStatement p = connection.prepareStatement(
                "SELECT owner_dn, x, share_value, acl_json FROM hydra_shares WHERE key_id = ?")) {
            p.setString(1, keyId);
            try (ResultSet r = p.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                byte[] value = r.getBytes(3);
                try {
                    return Optional.of(new StoredShare(keyId, r.getString(1), r.getInt(2), value.clone(),
                            acl(r.getString(4))));
                } finally {
                    Arrays.fill(value, (byte) 0);
                }
            }
        } catch (SQLException e) {
            throw failure("read key " + keyId, e);
        }
    }

    @Override
    public synchronized boolean delete(String keyId) throws MdmException {
        try (PreparedStatement p = connection.prepareStatement("DELETE FROM hydra_shares WHERE key_id = ?")) {
            p.setString(1, keyId);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure("delete key " + keyId, e);
        }
    }

    @Override
    public synchronized boolean updateAcl(String keyId, List<AclEntry> acl) throws MdmException {
        try (PreparedStatement p = connection.prepareStatement("UPDATE hydra_shares SET acl_json = ? WHERE key_id = ?")) {
            p.setString(1, aclJson(acl));
            p.setString(2, keyId);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure("update the ACL of key " + keyId, e);
        }
    }

    private static String aclJson(List<AclEntry> acl) {
        return new String(Json.write(new AclDocument(null, acl)), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static List<AclEntry> acl(String json) throws MdmException {
        return Json.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8), AclDocument.class,
                Status.CORRUPT_DATA).acl();
    }

    private MdmException failure(String what, SQLException e) {
        // Only SQLSTATE and vendor code: the message may quote bound values.
        return new MdmException(Status.IO_ERROR, "share database " + description + ": cannot " + what
                + " (SQLSTATE " + e.getSQLState() + ", code " + e.getErrorCode() + ")");
    }

    @Override
    public synchronized void close() throws MdmException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close", e);
        }
    }

    @Override
    public String toString() {
        return "JdbcShareStore[" + description + "]";
    }
}
