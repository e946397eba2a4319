package org.mdm.catalog.query;

import org.mdm.catalog.CatalogDatabase;
import org.mdm.testing.PostgresServer;

/** The metadata queries on a real PostgreSQL server started by the test (Debian's postgresql). */
class PostgresMetadataQueryTest extends MetadataQueryContract {
    private PostgresServer pg;

    @Override
    CatalogDatabase openDatabase() throws Exception {
        pg = PostgresServer.start();
        return CatalogDatabase.open(pg.createDatabase("mdquery"), PostgresServer.SUPERUSER, "");
    }

    @Override
    String integers(int from, int to) {
        return "generate_series(" + from + ", " + to + ") AS g(x)";
    }

    @Override
    void stopServer() throws Exception {
        if (pg != null) {
            pg.close();
        }
    }
}
