package org.mdm.catalog;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mdm.testing.PostgresServer;

/** Grants on a real PostgreSQL server started by the test (Debian's postgresql). */
class PostgresGrantsTest extends GrantsContract {
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
        String url = pg.createDatabase("grants_" + DATABASES.incrementAndGet());
        return CatalogDatabase.open(url, PostgresServer.SUPERUSER, "");
    }
}
