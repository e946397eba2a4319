package org.mdm.hydra.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.Right;

/**
 * What every {@link ShareStore} backend must do, run against each: {@link H2ShareStoreTest}
 * (embedded H2, the default) and {@link PostgresShareStoreTest} (a real PostgreSQL the test starts).
 */
abstract class ShareStoreContract {
    static final String OWNER = "/C=FR/O=MDM/OU=Lab/CN=Jérôme Dupont-Ångström";
    static final List<AclEntry> ACL = List.of(AclEntry.dn("/C=FR/O=MDM/CN=Reader", Right.READ),
            AclEntry.group("/biomed/lab", Right.READ, Right.SETACL), AclEntry.vo("biomed", Right.READ));

    /** The store under test, on a fresh, empty database. */
    JdbcShareStore store;

    /** Opens a new store on a fresh, empty database (closed by the test class). */
    abstract JdbcShareStore openFresh() throws Exception;

    /** Opens a second store on the database {@link #openFresh} last opened (it may still be open). */
    abstract JdbcShareStore reopen() throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = openFresh();
    }

    @AfterEach
    void close() throws Exception {
        store.close();
    }

    /** Every byte value, including 0x00 and 0xff: the column must be binary-clean. */
    static byte[] allBytes() {
        byte[] b = new byte[256];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    static void assertSameShare(StoredShare expected, StoredShare actual) {
        assertEquals(expected.keyId(), actual.keyId());
        assertEquals(expected.owner(), actual.owner());
        assertEquals(expected.x(), actual.x());
        assertArrayEquals(expected.share(), actual.share());
        assertEquals(expected.acl(), actual.acl());
    }

    @Test
    void putThenGetReturnsEveryField() throws Exception {
        StoredShare s = new StoredShare("1.2.826.0.1.3680043.8.498.1", OWNER, 3, allBytes(), ACL);
        assertTrue(store.insert(s));
        assertSameShare(s, store.find(s.keyId()).orElseThrow());
    }

    @Test
    void getOfUnknownKeyIsEmpty() throws Exception {
        assertTrue(store.find("no-such-key").isEmpty());
        assertTrue(store.insert(new StoredShare("a", OWNER, 1, new byte[] {1}, List.of())));
        assertTrue(store.find("A").isEmpty(), "key ids are case-sensitive");
        assertTrue(store.find("a ").isEmpty());
    }

    @Test
    void longestKeyIdAndDnAreKept() throws Exception {
        String keyId = "1." + "9".repeat(126);
        String owner = "/CN=" + "x".repeat(1020);
        List<AclEntry> acl = List.of(AclEntry.dn("/CN=" + "y".repeat(AclEntry.MAX_NAME_LENGTH - 4), Right.READ));
        StoredShare s = new StoredShare(keyId, owner, 255, new byte[32], acl);
        assertTrue(store.insert(s));
        assertSameShare(s, store.find(keyId).orElseThrow());
    }

    @Test
    void duplicateInsertIsRefusedAndOriginalKept() throws Exception {
        StoredShare original = new StoredShare("dup", OWNER, 1, new byte[] {1, 2, 3}, ACL);
        assertTrue(store.insert(original));
        assertFalse(store.insert(new StoredShare("dup", "/CN=Mallory", 2, new byte[] {9, 9, 9}, List.of())));
        assertSameShare(original, store.find("dup").orElseThrow());
        // The store is still usable after the refused insert (no aborted transaction left behind).
        assertTrue(store.insert(new StoredShare("after-dup", OWNER, 1, new byte[] {4}, List.of())));
        assertTrue(store.find("after-dup").isPresent());
    }

    @Test
    void deleteRemovesOnlyThatKeyOnce() throws Exception {
        assertTrue(store.insert(new StoredShare("k1", OWNER, 1, new byte[] {1}, ACL)));
        assertTrue(store.insert(new StoredShare("k2", OWNER, 2, new byte[] {2}, ACL)));
        assertTrue(store.delete("k1"));
        assertTrue(store.find("k1").isEmpty());
        assertFalse(store.delete("k1"));
        assertFalse(store.delete("never-there"));
        assertArrayEquals(new byte[] {2}, store.find("k2").orElseThrow().share());
        // A deleted key id can be registered again.
        assertTrue(store.insert(new StoredShare("k1", "/CN=New", 3, new byte[] {3}, List.of())));
        assertEquals("/CN=New", store.find("k1").orElseThrow().owner());
    }

    @Test
    void updateAclReplacesOnlyTheAcl() throws Exception {
        StoredShare s = new StoredShare("acl", OWNER, 2, allBytes(), List.of());
        assertTrue(store.insert(s));
        assertTrue(store.updateAcl("acl", ACL));
        StoredShare after = store.find("acl").orElseThrow();
        assertEquals(ACL, after.acl());
        assertEquals(OWNER, after.owner());
        assertEquals(2, after.x());
        assertArrayEquals(allBytes(), after.share());
        assertTrue(store.updateAcl("acl", List.of()));
        assertEquals(List.of(), store.find("acl").orElseThrow().acl());
        assertFalse(store.updateAcl("no-such-key", ACL));
        assertTrue(store.find("no-such-key").isEmpty(), "updating a missing key must not create it");
    }

    @Test
    void sharesSurviveReopeningTheDatabase() throws Exception {
        StoredShare s = new StoredShare("persist", OWNER, 1, allBytes(), ACL);
        assertTrue(store.insert(s));
        store.close();
        store = reopen();
        assertSameShare(s, store.find("persist").orElseThrow());
        assertFalse(store.insert(s), "the schema is reused, not recreated");
    }

    @Test
    void aBatchStoresEveryNewIdAndLeavesExistingOnesUnchanged() throws Exception {
        StoredShare old = new StoredShare("b", OWNER, 2, allBytes(), ACL);
        assertTrue(store.insert(old));
        List<StoredShare> batch = new java.util.ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            batch.add(new StoredShare(id, "/C=FR/CN=Other", 1, new byte[] {1, 2, 3}, List.of()));
        }
        // 150 more: the batch read asks in chunks of 100 ids.
        for (int i = 0; i < 150; i++) {
            batch.add(new StoredShare("n" + i, OWNER, 1, new byte[] {(byte) i}, ACL));
        }
        List<Boolean> stored = store.insertAll(batch);
        assertEquals(List.of(true, false, true), stored.subList(0, 3));
        assertEquals(150, stored.subList(3, stored.size()).stream().filter(b -> b).count());
        assertSameShare(old, store.find("b").orElseThrow());
        List<String> ids = new java.util.ArrayList<>(List.of("a", "b", "zz"));
        for (int i = 0; i < 150; i++) {
            ids.add("n" + i);
        }
        java.util.Map<String, StoredShare> found = store.findAll(ids);
        assertEquals(152, found.size(), "every stored id, not the unknown one");
        assertSameShare(old, found.get("b"));
        assertSameShare(batch.get(0), found.get("a"));
        assertSameShare(batch.get(152), found.get("n149"));
    }

    /** n keys "acl0".. with ACL, and the new ACL of each: one DN grant naming the key. */
    private java.util.Map<String, List<AclEntry>> keysWithNewAcls(int n) throws Exception {
        java.util.Map<String, List<AclEntry>> acls = new java.util.LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            assertTrue(store.insert(new StoredShare("acl" + i, OWNER, 1, allBytes(), ACL)));
            acls.put("acl" + i, List.of(AclEntry.dn("/C=FR/CN=Reader " + i, Right.READ, Right.SETACL)));
        }
        return acls;
    }

    @Test
    void aBatchAclChangeSeesEveryKeyThenReplacesEveryAcl() throws Exception {
        // 150 keys: the locking read asks in chunks of 100 ids.
        java.util.Map<String, List<AclEntry>> acls = keysWithNewAcls(150);
        assertTrue(store.insert(new StoredShare("bystander", OWNER, 2, new byte[] {7}, ACL)));
        java.util.Map<String, org.mdm.hydra.protocol.AclDocument> seen = new java.util.HashMap<>();
        assertTrue(store.updateAclAll(acls, current -> {
            seen.putAll(current);
            return true;
        }));
        assertEquals(acls.keySet(), seen.keySet());
        seen.values().forEach(d -> assertEquals(new org.mdm.hydra.protocol.AclDocument(OWNER, ACL), d));
        for (var e : acls.entrySet()) {
            StoredShare after = store.find(e.getKey()).orElseThrow();
            assertEquals(e.getValue(), after.acl());
            assertEquals(OWNER, after.owner());
            assertArrayEquals(allBytes(), after.share());
        }
        assertEquals(ACL, store.find("bystander").orElseThrow().acl(), "a key not in the batch is untouched");
    }

    @Test
    void aBatchAclChangeTheDecisionRefusesChangesNothing() throws Exception {
        java.util.Map<String, List<AclEntry>> acls = keysWithNewAcls(3);
        acls.put("no-such-key", List.of());
        java.util.Set<String> seen = new java.util.HashSet<>();
        assertFalse(store.updateAclAll(acls, current -> {
            seen.addAll(current.keySet());
            return current.size() == acls.size();
        }));
        assertEquals(java.util.Set.of("acl0", "acl1", "acl2"), seen, "an unknown key is not in the view");
        for (int i = 0; i < 3; i++) {
            assertEquals(ACL, store.find("acl" + i).orElseThrow().acl());
        }
        assertTrue(store.find("no-such-key").isEmpty());
    }

    @Test
    void aBatchAclChangeThatFailsChangesNothingAndLeavesTheStoreUsable() throws Exception {
        java.util.Map<String, List<AclEntry>> acls = keysWithNewAcls(3);
        org.mdm.api.MdmException thrown = new org.mdm.api.MdmException(org.mdm.api.Status.INTERNAL_ERROR, "decision");
        org.mdm.api.MdmException e = org.junit.jupiter.api.Assertions.assertThrows(org.mdm.api.MdmException.class,
                () -> store.updateAclAll(acls, current -> {
                    throw thrown;
                }));
        assertEquals(thrown, e);
        acls.put("no-such-key", List.of());
        // A decision that agrees although a key is missing: the store refuses to half-apply it.
        e = org.junit.jupiter.api.Assertions.assertThrows(org.mdm.api.MdmException.class,
                () -> store.updateAclAll(acls, current -> true));
        assertTrue(e.getMessage().contains("no-such-key"), e.getMessage());
        for (int i = 0; i < 3; i++) {
            assertEquals(ACL, store.find("acl" + i).orElseThrow().acl(), "acl" + i + " unchanged");
        }
        acls.remove("no-such-key");
        assertTrue(store.updateAclAll(acls, current -> true), "the connection was given back clean");
        assertEquals(acls.get("acl1"), store.find("acl1").orElseThrow().acl());
    }
}
