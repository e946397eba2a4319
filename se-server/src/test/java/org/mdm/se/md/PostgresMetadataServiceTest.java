package org.mdm.se.md;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.testing.PostgresServer;

/** The metadata service over a real PostgreSQL server started by the test (Debian's postgresql). */
class PostgresMetadataServiceTest extends MetadataServiceContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer pg;

    @BeforeAll
    static void startPostgres() throws Exception {
        pg = PostgresServer.start();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    CatalogDatabase database() throws Exception {
        return CatalogDatabase.open(pg.createDatabase("md_" + DATABASES.incrementAndGet()), PostgresServer.SUPERUSER, "");
    }
}
