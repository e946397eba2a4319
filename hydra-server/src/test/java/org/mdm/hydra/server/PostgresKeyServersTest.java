package org.mdm.hydra.server;

import org.mdm.testing.PostgresServer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.keyserver.KeyServers;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.Right;
import org.mdm.security.GridTrust;
import org.mdm.security.VomsAttributes;
import org.mdm.security.testpki.TestPki;

/**
 * End to end on PostgreSQL: three real key servers over HTTPS, each on its own database of one
 * PostgreSQL cluster the test starts, driven by the {@link KeyServers} client as in
 * {@link KeyServersTest}; the rows are then read back with plain SQL.
 */
class PostgresKeyServersTest {
    private static final TestPki PKI = ThreeServers.PKI;
    private static final String ID = "1.2.826.0.1.3680043.8.498.54321";
    private static final AtomicInteger RUN = new AtomicInteger();
    private static GridTrust trust;
    private static VomsAttributes voms;
    private static PostgresServer pg;

    private final List<String> urls = new ArrayList<>();
    private ThreeServers three;

    @BeforeAll
    static void setUp() throws Exception {
        trust = GridTrust.fromDirectory(PKI.certDir());
        voms = VomsAttributes.create(PKI.vomsDir(), trust);
        pg = PostgresServer.start();
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            if (pg != null) {
                pg.close();
            }
        } finally {
            voms.close();
            trust.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        int run = RUN.incrementAndGet();
        List<JdbcShareStore> stores = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String url = pg.createDatabase("hydra_" + run + "_" + i);
            urls.add(url);
            stores.add(JdbcShareStore.open(url, PostgresServer.SUPERUSER, ""));
        }
        three = new ThreeServers(stores, trust, voms);
    }

    @AfterEach
    void stop() throws Exception {
        three.close();
    }

    @Test
    void registerThenFetchThroughServersOnPostgres() throws Exception {
        ImageKey key = ImageKey.generate(ID);
        try (KeyServers user = three.client(PKI.proxy())) {
            user.register(key, List.of(AclEntry.vo(TestPki.VO, Right.READ)));
            assertArrayEquals(key.material(), user.fetch(ID).material());
        }
        for (int i = 0; i < 3; i++) {
            // Straight from PostgreSQL, not through the store: the row is really there.
            try (Connection c = DriverManager.getConnection(urls.get(i), PostgresServer.SUPERUSER, "");
                    PreparedStatement p = c.prepareStatement(
                            "SELECT owner_dn, x, length(share_value), acl_json FROM hydra_shares WHERE key_id = ?")) {
                p.setString(1, ID);
                try (ResultSet r = p.executeQuery()) {
                    assertTrue(r.next(), "no row in " + urls.get(i));
                    assertEquals(PKI.userDn(), r.getString(1));
                    assertEquals(i + 1, r.getInt(2));
                    assertTrue(r.getInt(3) > 0);
                    assertTrue(r.getString(4).contains(TestPki.VO), r.getString(4));
                    assertFalse(r.next());
                }
            }
            StoredShare s = three.stores.get(i).find(ID).orElseThrow();
            assertFalse(java.util.Arrays.equals(key.material(), s.share()), "a server holds the plain key");
        }
    }

    @Test
    void duplicateAclAndRollbackThroughServersOnPostgres() throws Exception {
        ImageKey key = ImageKey.generate(ID);
        try (KeyServers owner = three.hostClient(); KeyServers user = three.client(PKI.proxy())) {
            owner.register(key, List.of());
            MdmException dup = assertThrows(MdmException.class, () -> owner.register(ImageKey.generate(ID), List.of()));
            assertEquals(Status.INVALID_REQUEST, dup.status());
            assertTrue(dup.getMessage().contains("already registered"), dup.getMessage());

            assertEquals(Status.AUTHORIZATION_FAILURE, assertThrows(MdmException.class, () -> user.fetch(ID)).status());
            owner.setAcl(ID, List.of(AclEntry.dn(PKI.userDn(), Right.READ)));
            assertArrayEquals(key.material(), user.fetch(ID).material());
            for (JdbcShareStore s : three.stores) {
                assertEquals(List.of(AclEntry.dn(PKI.userDn(), Right.READ)), s.find(ID).orElseThrow().acl());
            }

            // A conflict on one server rolls back (deletes) the shares written on the others.
            String other = ID + ".2";
            assertTrue(three.stores.get(1).insert(new StoredShare(other, "/C=FR/O=MDM/CN=Someone Else", 2,
                    new byte[32], List.of())));
            MdmException e = assertThrows(MdmException.class, () -> user.register(ImageKey.generate(other), List.of()));
            assertTrue(e.getMessage().contains("rolled back"), e.getMessage());
            assertTrue(three.stores.get(0).find(other).isEmpty());
            assertTrue(three.stores.get(2).find(other).isEmpty());
            assertEquals("/C=FR/O=MDM/CN=Someone Else", three.stores.get(1).find(other).orElseThrow().owner());
        }
    }
}
