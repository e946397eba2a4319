package org.mdm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2CatalogTest extends CatalogContract {
    @TempDir
    Path dir;
    private int databases;

    @Override
    CatalogDatabase database() throws Exception {
        return CatalogDatabase.openH2(dir.resolve("db" + ++databases));
    }

    @Test
    void theEmbeddedDatabaseIsOwnerOnlyAndKeepsItsEntriesAcrossOpens() throws Exception {
        Path db = dir.resolve("kept");
        NameSpace ns = new NameSpace();
        try (CatalogDatabase first = CatalogDatabase.openH2(db)) {
            first.inTransaction(c -> ns.mkdirs(c, NsPath.parse(SERIES), OWNER, "biomed", 0755));
        }
        try (CatalogDatabase again = CatalogDatabase.openH2(db)) { // the migration runs again: a no-op
            assertTrue(again.inTransaction(c -> ns.stat(c, NsPath.parse(SERIES))).isPresent());
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
        try (Stream<Path> files = Files.list(db)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            }
        }
    }

    @Test
    void statisticsAreRefreshedOnTheEmbeddedDatabase() throws Exception {
        try (CatalogDatabase db = database()) {
            assertEquals(50, selectivity(db), "H2's default before any ANALYZE");
            db.refreshStatistics();
            int measured = selectivity(db);
            assertTrue(measured > 0 && measured < 50, "few directories among many attributes: " + measured);
        }
    }

    /** H2's estimate, in percent, of how selective md_attribute.dir is. */
    private static int selectivity(CatalogDatabase db) throws Exception {
        return db.inTransaction(c -> {
            try (java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT SELECTIVITY FROM"
                    + " INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'MD_ATTRIBUTE' AND COLUMN_NAME = 'DIR'")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
