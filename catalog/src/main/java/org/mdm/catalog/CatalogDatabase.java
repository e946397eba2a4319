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

    private CatalogDatabase(HikariDataSource pool, String description) {
        this.pool = pool;
        this.description = description;
    }

    /** Opens (creating if needed) the embedded database {@code catalog} in {@code directory}, owner-only. */
    public static CatalogDatabase openH2(Path directory) throws MdmException {
        OwnerOnlyDirectory.prepare(directory, "catalogue database");
        // TRACE_LEVEL_FILE=0: H2's trace file could otherwise record statements, values included.
        // WRITE_DELAY=0: a commit is written at once; H2's default half-second delay lets a kill -9
        // lose committed registrations (and the journal rows that undo them) while keys stay behind.
        CatalogDatabase db;
        try {
            db = open("jdbc:h2:file:" + directory.toAbsolutePath().resolve("catalog")
                    + ";TRACE_LEVEL_FILE=0;WRITE_DELAY=0", "sa", "");
        } catch (MdmException e) {
            if (inUse(e)) {
                throw new MdmException(Status.CONFIGURATION_ERROR, "The catalogue in " + directory + " is open in"
                        + " another process (a running mdm serve, or another mdm command): its embedded database"
                        + " serves one process at a time. Stop that process, or give the site a database server"
                        + " (catalog.jdbc.url).", e);
            }
            throw e;
        }
        OwnerOnlyDirectory.restrictFiles(directory, "catalogue database");
        return db;
    }

    /** Whether H2 refused because another process holds the database file (error 90020). */
    private static boolean inUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == 90020) {
                return true;
            }
        }
        return false;
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
            throw new MdmException(Status.CONFIGURATION_ERROR, "Cannot bring the catalogue schema of " + description
                    + " up to date: " + MdmException.describe(e) + ". Is this database used by a newer MDM?", e);
        }
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws,
     * so no caller ever leaves half of a registration or a grant behind.
     *
     * @throws MdmException the work's own, or IO_ERROR naming the database for an SQL failure
     */
    public <T> T inTransaction(Work<T> work) throws MdmException {
        try (Connection c = pool.getConnection()) {
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | MdmException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new MdmException(Status.IO_ERROR, "The catalogue database " + description + " failed: "
                    + MdmException.describe(e) + ". Nothing was changed; check the database and retry.", e);
        }
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
