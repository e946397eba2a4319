package org.mdm.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.mdm.api.MdmException;
import org.mdm.api.OwnerOnlyDirectory;
import org.mdm.api.Status;

/**
 * The catalogue's database: embedded H2 in an owner-only directory by default, or PostgreSQL by
 * JDBC URL for a site that outgrows one machine; pooled by HikariCP; its schema created and
 * migrated by Flyway at open, so every process that opens it sees the same schema.
 */
public final class CatalogDatabase implements AutoCloseable {
    private static final int POOL_SIZE = 8;

    /** The work of one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException, MdmException;
    }

    private final HikariDataSource pool;
    private final String description;
    private final java.util.concurrent.atomic.AtomicReference<String> storageFailure =
            new java.util.concurrent.atomic.AtomicReference<>();

    private CatalogDatabase(HikariDataSource pool, String description) {
        this.pool = pool;
        this.description = description;
    }

    /**
     * Opens (creating if needed) the embedded database {@code catalog} in {@code directory},
     * owner-only. Several processes may open it at once ({@code mdm serve}, {@code mdm register},
     * {@code mdm ls}): the first serves it to the others (H2's automatic mixed mode), which find
     * its address and key in the owner-only lock file, and log in with the password kept beside it.
     * Openers take turns ({@link EmbeddedOpening}): H2's lock protocol loses races between them.
     */
    public static CatalogDatabase openH2(Path directory) throws MdmException {
        OwnerOnlyDirectory.prepare(directory, "catalogue database");
        String password = CatalogPassword.of(directory);
        // TRACE_LEVEL_FILE=0: H2's trace file could otherwise record statements, values included.
        // WRITE_DELAY=0: a commit is written at once; H2's default half-second delay lets a kill -9
        // lose committed registrations (and the journal rows that undo them) while keys stay behind.
        String url = "jdbc:h2:file:" + directory.toAbsolutePath().resolve("catalog")
                + ";TRACE_LEVEL_FILE=0;WRITE_DELAY=0;AUTO_SERVER=TRUE";
        CatalogDatabase db = EmbeddedOpening.open(directory, () -> open(url, "mdm", password));
        OwnerOnlyDirectory.restrictFiles(directory, "catalogue database");
        return db;
    }

    /**
     * Opens the database at a JDBC URL and brings its schema up to date.
     *
     * @throws MdmException CONFIGURATION_ERROR when it cannot be reached or migrated
     */
    public static CatalogDatabase open(String url, String user, String password) throws MdmException {
        String description = url.replaceAll(";.*", "").replaceAll("\\?.*", ""); // never the password
        HikariConfig config = new HikariConfig();
        config.setPoolName("mdm-catalog");
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(5_000);
        config.setAutoCommit(false);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException | IllegalArgumentException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Cannot open the catalogue database " + description
                    + ": " + MdmException.describe(e.getCause() != null ? e.getCause() : e)
                    + ". Check catalog.jdbc.url, and that the database server runs.", e);
        }
        try {
            migrate(pool, description);
        } catch (MdmException e) {
            pool.close();
            throw e;
        }
        return new CatalogDatabase(pool, description);
    }

    private static void migrate(DataSource source, String description) throws MdmException {
        try {
            Flyway.configure().dataSource(source).locations("classpath:org/mdm/catalog/migration")
                    .failOnMissingLocations(true).load().migrate();
        } catch (FlywayException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause(); // Flyway's own message is a multi-line report; the root says what failed
            }
            throw new MdmException(Status.CONFIGURATION_ERROR, "Cannot bring the catalogue schema of " + description
                    + " up to date: " + MdmException.describe(root) + ". Check the free space and health of its disk,"
                    + " and whether a newer MDM uses this database.", e);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws,
     * so no caller ever leaves half of a registration or a grant behind.
     *
     * @throws MdmException the work's own, or IO_ERROR naming the database for an SQL failure
     */
    public <T> T inTransaction(Work<T> work) throws MdmException {
        for (int attempt = 1;; attempt++) {
            try {
                return once(work);
            } catch (SQLException e) {
                if (attempt < HANDOVER_ATTEMPTS && isHandover(e)) {
                    continue; // the process serving the embedded database went away: the next connection takes over
                }
                throw failure(e);
            }
        }
    }

    /**
     * Attempts of a transaction cut by a handover: the embedded database is served by the first
     * process that opened it; when that process exits, a transaction of another one in flight
     * fails (H2 90121/90067, SQLSTATE 08…), and its next connection serves the file itself.
     */
    private static final int HANDOVER_ATTEMPTS = 3;

    private <T> T once(Work<T> work) throws SQLException, MdmException {
        Connection c = pool.getConnection();
        try (c) {
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | MdmException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
                if (e instanceof SQLException sql && isHandover(sql)) {
                    pool.evictConnection(c); // never hand this connection out again
                }
                throw e;
            }
        }
    }

    private static boolean isHandover(SQLException e) {
        int code = e.getErrorCode();
        String state = e.getSQLState();
        return code == 90121 || code == 90067 || (state != null && state.startsWith("08"));
    }

    private MdmException failure(SQLException e) {
        String cause = MdmException.describe(e);
        if (isStorageFailure(e)) {
            storageFailure.compareAndSet(null, cause);
        }
        String first = storageFailure.get();
        return new MdmException(Status.IO_ERROR, "The catalogue database " + description + " failed: " + cause
                + (first != null && !first.equals(cause) ? " (after a write failed: " + first + ")" : "")
                + ". Nothing was changed; " + (first != null ? "check the free space and health of the database's"
                + " disk, then retry." : "check the database and retry."), e);
    }

    /**
     * The first failure to write the database's storage (a full disk, an I/O error), after which
     * an embedded database closes itself: every later transaction fails the same way, so callers
     * working through a batch stop instead of failing each item.
     */
    public java.util.Optional<String> storageFailure() {
        return java.util.Optional.ofNullable(storageFailure.get());
    }

    /** H2's I/O errors (90028, 90031), its "closed" after one (90098), PostgreSQL's disk full (53100) and I/O (58030). */
    private static boolean isStorageFailure(SQLException e) {
        int code = e.getErrorCode();
        String state = e.getSQLState();
        return code == 90028 || code == 90031 || code == 90098 || "53100".equals(state) || "58030".equals(state);
    }

    /**
     * Refreshes the query planner's statistics of the catalogue's tables. After a bulk registration
     * the planner would otherwise pick plans for the tables as they were (PostgreSQL's autovacuum
     * catches up within minutes; until then a metadata query can run past its timeout).
     */
    public void refreshStatistics() throws MdmException {
        inTransaction(c -> {
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                    .contains("postgres");
            try (java.sql.Statement s = c.createStatement()) {
                s.execute(postgres ? "ANALYZE ns_entry, ns_acl, fc_guid, fc_lfn, fc_replica, md_attribute, md_entry,"
                        + " md_value, md_acl" : "ANALYZE");
            }
            return null;
        });
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "CatalogDatabase[" + description + "]";
    }
}
