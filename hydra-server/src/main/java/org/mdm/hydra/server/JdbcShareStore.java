package org.mdm.hydra.server;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.mdm.api.MdmException;
import org.mdm.api.OwnerOnlyDirectory;
import org.mdm.api.Status;
import org.mdm.hydra.protocol.AclDocument;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.Json;

/**
 * A {@link ShareStore} on JDBC: embedded H2 by default ({@link #openH2}), PostgreSQL (or any
 * database with standard SQL and SQLSTATE 23505 for duplicate keys) through {@link #open}.
 *
 * <p>Connections come from a HikariCP pool: requests for different keys run in parallel, a
 * connection the database dropped (a PostgreSQL restart) is replaced instead of failing every
 * later request, and the idle connection it keeps holds H2's file open for the server's
 * lifetime. SQL exception messages are never passed on: some databases quote parameter values
 * in them.
 */
public final class JdbcShareStore implements ShareStore {
    private static final String UNIQUE_VIOLATION = "23505";
    /** Connections per key server: its HTTPS executor's threads rarely need more. */
    private static final int POOL_SIZE = 8;
    /** Ids per SELECT of a batch read. */
    private static final int IN_CHUNK = 100;
    private static final String INSERT =
            "INSERT INTO hydra_shares (key_id, owner_dn, x, share_value, acl_json) VALUES (?, ?, ?, ?, ?)";

    private final HikariDataSource pool;
    private final String description;

    private JdbcShareStore(HikariDataSource pool, String description) throws MdmException {
        this.pool = pool;
        this.description = description;
        try {
            createSchema();
        } catch (MdmException e) {
            pool.close();
            throw e;
        }
    }

    /**
     * Opens (creating if needed) the H2 database {@code hydra} in {@code directory}, which is
     * made owner-only (0700) and whose files are made owner-only (0600); see {@link OwnerOnlyDirectory}.
     */
    public static JdbcShareStore openH2(java.nio.file.Path directory) throws MdmException {
        OwnerOnlyDirectory.prepare(directory, "share database");
        // TRACE_LEVEL_FILE=0: H2's trace file could otherwise record statements. WRITE_DELAY=0: a
        // share is on disk when its PUT is answered (H2's default half-second delay could lose it
        // to a kill -9 after the registrant was told it was stored).
        String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("hydra") + ";TRACE_LEVEL_FILE=0;WRITE_DELAY=0";
        JdbcShareStore store = open(url, "sa", "");
        OwnerOnlyDirectory.restrictFiles(directory, "share database");
        return store;
    }

    /** Opens the database at a JDBC URL ({@code jdbc:postgresql://host/db} or {@code jdbc:h2:…}). */
    public static JdbcShareStore open(String url, String user, String password) throws MdmException {
        String description = url.replaceAll(";.*", "").replaceAll("\\?.*", "");
        HikariConfig config = new HikariConfig();
        config.setPoolName("hydra-shares");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000);
        // Fail at start, not at the first request, if the database cannot be reached.
        config.setInitializationFailTimeout(5_000);
        try {
            return new JdbcShareStore(new HikariDataSource(config), description);
        } catch (RuntimeException e) {
            SQLException sql = e.getCause() instanceof SQLException c ? c : null;
            // Neither Hikari's message nor the driver's: they may quote the URL and its password.
            throw new MdmException(Status.CONFIGURATION_ERROR, "cannot open the share database " + description
                    + (sql == null ? " (" + e.getClass().getSimpleName() + ")" : " (SQLSTATE " + sql.getSQLState()
                    + ", code " + sql.getErrorCode() + ")")
                    + ": check the JDBC URL, credentials and that the database is up");
        }
    }

    private void createSchema() throws MdmException {
        try (Connection connection = pool.getConnection(); Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS hydra_shares ("
                    + "key_id VARCHAR(128) PRIMARY KEY, owner_dn VARCHAR(1024) NOT NULL, "
                    + "x INTEGER NOT NULL, share_value BYTEA NOT NULL, acl_json TEXT NOT NULL)");
        } catch (SQLException e) {
            throw failure("create the schema", e);
        }
    }

    @Override
    public boolean insert(StoredShare share) throws MdmException {
        try (Connection connection = pool.getConnection(); PreparedStatement p = connection.prepareStatement(INSERT)) {
            bind(p, share);
            p.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw failure("store key " + share.keyId(), e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction with a savepoint per share: a duplicate id rolls back to its savepoint
     * only (PostgreSQL aborts the whole transaction after a failed statement otherwise), and the
     * single commit at the end makes every stored share durable before the batch is answered.
     */
    @Override
    public List<Boolean> insertAll(List<StoredShare> shares) throws MdmException {
        List<Boolean> stored = new java.util.ArrayList<>(shares.size());
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement p = connection.prepareStatement(INSERT)) {
                for (StoredShare share : shares) {
                    stored.add(insertOne(connection, p, share));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("store a batch of " + shares.size() + " keys", e);
        }
        return stored;
    }

    private static boolean insertOne(Connection connection, PreparedStatement p, StoredShare share)
            throws SQLException {
        java.sql.Savepoint before = connection.setSavepoint();
        try {
            bind(p, share);
            p.executeUpdate();
            connection.releaseSavepoint(before);
            return true;
        } catch (SQLException e) {
            if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(before);
            return false;
        }
    }

    private static void bind(PreparedStatement p, StoredShare share) throws SQLException {
        p.setString(1, share.keyId());
        p.setString(2, share.owner());
        p.setInt(3, share.x());
        p.setBytes(4, share.share());
        p.setString(5, aclJson(share.acl()));
    }

    /** {@inheritDoc} Reads {@value #IN_CHUNK} ids per statement (an IN list every database takes). */
    @Override
    public java.util.Map<String, StoredShare> findAll(java.util.Collection<String> keyIds) throws MdmException {
        java.util.Map<String, StoredShare> found = new java.util.LinkedHashMap<>();
        List<String> ids = List.copyOf(keyIds);
        try (Connection connection = pool.getConnection()) {
            for (int from = 0; from < ids.size(); from += IN_CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
                String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement p = connection.prepareStatement("SELECT key_id, owner_dn, x, share_value,"
                        + " acl_json FROM hydra_shares WHERE key_id IN (" + marks + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        p.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            found.put(r.getString(1), row(r.getString(1), r));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw failure("read a batch of " + ids.size() + " keys", e);
        }
        return found;
    }

    private static StoredShare row(String keyId, ResultSet r) throws SQLException, MdmException {
        byte[] value = r.getBytes(4);
        try {
            return new StoredShare(keyId, r.getString(2), r.getInt(3), value.clone(), acl(r.getString(5)));
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }

    @Override
    public Optional<StoredShare> find(String keyId) throws MdmException {
        try (Connection connection = pool.getConnection(); PreparedStatement p = connection.prepareStatement(
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
    public boolean delete(String keyId) throws MdmException {
        try (Connection connection = pool.getConnection();
                PreparedStatement p = connection.prepareStatement("DELETE FROM hydra_shares WHERE key_id = ?")) {
            p.setString(1, keyId);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure("delete key " + keyId, e);
        }
    }

    @Override
    public boolean updateAcl(String keyId, List<AclEntry> acl) throws MdmException {
        try (Connection connection = pool.getConnection();
                PreparedStatement p = connection.prepareStatement("UPDATE hydra_shares SET acl_json = ? WHERE key_id = ?")) {
            p.setString(1, aclJson(acl));
            p.setString(2, keyId);
            return p.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure("update the ACL of key " + keyId, e);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>The rows are locked with {@code SELECT … FOR UPDATE}, {@value #IN_CHUNK} ids per
     * statement in sorted order, so that two batches over the same keys lock them in the same
     * order; a deadlock the database still detects fails one of them (IO_ERROR) with nothing changed.
     */
    @Override
    public boolean updateAclAll(java.util.Map<String, List<AclEntry>> acls, AclDecision decision)
            throws MdmException {
        List<String> ids = new java.util.ArrayList<>(acls.keySet());
        java.util.Collections.sort(ids);
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                boolean replace = decision.replace(lockAcls(connection, ids));
                if (replace) {
                    replaceAcls(connection, ids, acls);
                    connection.commit();
                } else {
                    connection.rollback();
                }
                return replace;
            } catch (SQLException | MdmException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("change the ACLs of a batch of " + ids.size() + " keys", e);
        }
    }

    private static java.util.Map<String, AclDocument> lockAcls(Connection connection, List<String> ids)
            throws SQLException, MdmException {
        java.util.Map<String, AclDocument> current = new java.util.HashMap<>();
        for (int from = 0; from < ids.size(); from += IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IN_CHUNK));
            String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
            try (PreparedStatement p = connection.prepareStatement("SELECT key_id, owner_dn, acl_json FROM hydra_shares"
                    + " WHERE key_id IN (" + marks + ") ORDER BY key_id FOR UPDATE")) {
                for (int i = 0; i < chunk.size(); i++) {
                    p.setString(i + 1, chunk.get(i));
                }
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        current.put(r.getString(1), new AclDocument(r.getString(2), acl(r.getString(3))));
                    }
                }
            }
        }
        return current;
    }

    private void replaceAcls(Connection connection, List<String> ids, java.util.Map<String, List<AclEntry>> acls)
            throws SQLException, MdmException {
        try (PreparedStatement p = connection.prepareStatement("UPDATE hydra_shares SET acl_json = ? WHERE key_id = ?")) {
            for (String id : ids) {
                p.setString(1, aclJson(acls.get(id)));
                p.setString(2, id);
                p.addBatch();
            }
            int[] counts = p.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    // The row was locked and seen: only a decision that agreed to a missing key gets here.
                    throw new MdmException(Status.INTERNAL_ERROR, "share database " + description
                            + ": key " + ids.get(i) + " is not there to change; nothing was changed");
                }
            }
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
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "JdbcShareStore[" + description + "]";
    }
}
