package org.mdm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ResultSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mdm.testing.PostgresServer;

/** The same contract on a real PostgreSQL server started by the test (Debian's postgresql). */
class PostgresCatalogTest extends CatalogContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer pg;

    @BeforeAll
    static void start() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    CatalogDatabase database() throws Exception {
        String url = pg.createDatabase("catalog_" + DATABASES.incrementAndGet());
        return CatalogDatabase.open(url, PostgresServer.SUPERUSER, "");
    }

    private static float plannerRows(CatalogDatabase db, String table) throws Exception {
        return db.inTransaction(c -> {
            try (ResultSet rs = c.createStatement().executeQuery("SELECT reltuples FROM pg_class WHERE relname = '"
                    + table + "'")) {
                rs.next();
                return rs.getFloat(1);
            }
        });
    }

    @Test
    void refreshedStatisticsReachThePlanner() throws Exception {
        try (CatalogDatabase db = database()) {
            assertEquals(-1f, plannerRows(db, "md_attribute"), "never analysed after the migration");
            db.refreshStatistics();
            assertTrue(plannerRows(db, "md_attribute") > 20, "the schema's attributes, counted by ANALYZE");
            assertTrue(plannerRows(db, "md_value") >= 0, "every catalogue table analysed");
        }
    }
}
