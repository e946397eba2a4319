package org.mdm.hydra.server;

import org.mdm.testing.PostgresServer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The share-store contract on a real PostgreSQL server started by the test ({@link PostgresServer}),
 * one fresh database per test, plus what only a server database shows: two connections racing
 * on one key id, the column types PostgreSQL chose, and errors that do not leak values.
 */
class PostgresShareStoreTest extends ShareStoreContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer pg;
    private String url;

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
    JdbcShareStore openFresh() throws Exception {
        url = pg.createDatabase("contract_" + DATABASES.incrementAndGet());
        return JdbcShareStore.open(url, PostgresServer.SUPERUSER, "");
    }

    @Override
    JdbcShareStore reopen() throws Exception {
        return JdbcShareStore.open(url, PostgresServer.SUPERUSER, "");
    }

    @Test
    void concurrentInsertsOfOneKeyFromManyConnectionsLetExactlyOneWin() throws Exception {
        int n = 8;
        List<JdbcShareStore> stores = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            for (int i = 0; i < n; i++) {
                stores.add(reopen());
            }
            List<Callable<Boolean>> inserts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                JdbcShareStore s = stores.get(i);
                int x = i + 1;
                inserts.add(() -> s.insert(new StoredShare("race", "/CN=Writer " + x, x, new byte[] {(byte) x}, ACL)));
            }
            int winners = 0;
            for (Future<Boolean> f : pool.invokeAll(inserts)) {
                winners += f.get() ? 1 : 0;
            }
            assertEquals(1, winners);
            StoredShare kept = store.find("race").orElseThrow();
            assertEquals("/CN=Writer " + kept.x(), kept.owner());
            assertEquals(kept.x(), kept.share()[0]);
        } finally {
            pool.shutdownNow();
            for (JdbcShareStore s : stores) {
                s.close();
            }
        }
    }

    @Test
    void schemaUsesBinaryAndTextColumns() throws Exception {
        try (Connection c = DriverManager.getConnection(url, PostgresServer.SUPERUSER, "");
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT column_name, data_type FROM information_schema.columns "
                        + "WHERE table_name = 'hydra_shares' ORDER BY ordinal_position")) {
            List<String> columns = new ArrayList<>();
            while (r.next()) {
                columns.add(r.getString(1) + " " + r.getString(2));
            }
            assertEquals(List.of("key_id character varying", "owner_dn character varying", "x integer",
                    "share_value bytea", "acl_json text"), columns);
        }
    }

    @Test
    void errorsNameTheDatabaseButNoValues() throws Exception {
        String secretOwner = "/CN=" + "s".repeat(2000); // longer than owner_dn VARCHAR(1024)
        MdmException e = org.junit.jupiter.api.Assertions.assertThrows(MdmException.class,
                () -> store.insert(new StoredShare("too-long", secretOwner, 1, new byte[] {1}, List.of())));
        assertEquals(Status.IO_ERROR, e.status());
        assertTrue(e.getMessage().contains(url), e.getMessage());
        assertTrue(e.getMessage().contains("SQLSTATE 22001"), e.getMessage());
        assertFalse(e.getMessage().contains("sssssssss"), e.getMessage());
        // The failed statement leaves the connection usable.
        assertTrue(store.insert(new StoredShare("after-error", OWNER, 1, new byte[] {1}, List.of())));
    }

    @Test
    void unreachableDatabaseIsAConfigurationError() throws Exception {
        MdmException e = org.junit.jupiter.api.Assertions.assertThrows(MdmException.class,
                () -> JdbcShareStore.open(pg.url("no_such_database"), PostgresServer.SUPERUSER, ""));
        assertSame(Status.CONFIGURATION_ERROR, e.status());
        assertTrue(e.getMessage().contains("no_such_database"), e.getMessage());
    }
}
