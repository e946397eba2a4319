package org.mdm.hydra.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.keyserver.AclChange;
import org.mdm.hydra.keyserver.KeyServers;
import org.mdm.hydra.keyserver.KeyServersConfig;
import org.mdm.hydra.protocol.AclDocument;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.Right;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;
import org.mdm.security.ProxyTools;
import org.mdm.security.testpki.TestPki;

/**
 * Bulk ACL changes ({@link KeyServers#setAclAll}) against three real key servers: all or nothing
 * across servers, read back from each server; and grants to a VOMS group with a role, with
 * proxies made by voms-proxy-fake.
 */
class BatchAclKeyServersTest extends OnThreeServers {
    private static final String BATCH_ACL = "POST /v1/batch/acl";
    private static final List<AclEntry> BEFORE = List.of(AclEntry.vo(TestPki.VO, Right.READ));

    private GridCredential user;

    @BeforeEach
    void loadUser() throws Exception {
        user = Credentials.loadProxy(PKI.proxy());
    }

    /** Generous timeouts (a busy machine is no failure here) and {@code batchSize} keys per request. */
    private KeyServersConfig config(int batchSize) {
        Duration generous = Duration.ofSeconds(15);
        return new KeyServersConfig(three.uris(), 2, generous, generous, generous.multipliedBy(2))
                .withBatchSize(batchSize);
    }

    /** n keys registered by {@code owner} with {@code acl}. */
    private static List<String> register(KeyServers owner, String prefix, int n, List<AclEntry> acl) throws Exception {
        List<ImageKey> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(ImageKey.generate(prefix + "." + i));
        }
        owner.registerAll(keys, acl).values().forEach(o -> assertTrue(o.ok(), String.valueOf(o.failure())));
        keys.forEach(ImageKey::destroy);
        return keys.stream().map(ImageKey::keyId).toList();
    }

    /** A new ACL per key, different from key to key: a reader DN naming the key. */
    private static Map<String, List<AclEntry>> newAcls(List<String> ids) {
        Map<String, List<AclEntry>> acls = new LinkedHashMap<>();
        for (String id : ids) {
            acls.put(id, List.of(AclEntry.dn("/C=FR/O=MDM/CN=Reader of " + id, Right.READ),
                    AclEntry.group("/biomed/lab/Role=doctor", Right.READ)));
        }
        return acls;
    }

    /** The ACL of {@code id} on server {@code index}, read from its database. */
    private List<AclEntry> storedAcl(int index, String id) throws MdmException {
        return three.stores.get(index).find(id).orElseThrow().acl();
    }

    @Test
    void manyKeysGetTheirNewAclOnEveryServer() throws Exception {
        try (KeyServers client = three.client(user, config(100))) {
            List<String> ids = register(client, "1.2.3.acl", 250, BEFORE);
            Map<String, List<AclEntry>> acls = newAcls(ids);
            AclChange change = client.setAclAll(acls);
            assertEquals(250, change.keys());
            assertEquals(three.uris(), List.copyOf(change.keysByServer().keySet()));
            change.keysByServer().values().forEach(n -> assertEquals(250, n));
            assertTrue(change.describe().startsWith("ACL of 250 keys set on 3 key servers: " + three.uris().get(0) + " 250"),
                    change.describe());
            for (String id : List.of(ids.get(0), ids.get(137), ids.get(249))) {
                Map<URI, AclDocument> read = client.getAcl(id);
                assertEquals(3, read.size());
                read.values().forEach(d -> assertEquals(new AclDocument(PKI.userDn(), acls.get(id)), d));
            }
            for (int s = 0; s < 3; s++) {
                for (String id : ids) {
                    assertEquals(acls.get(id), storedAcl(s, id), "server " + s + ", key " + id);
                }
                assertEquals(3, three.requests(s, BATCH_ACL), "250 keys in batches of 100");
            }
        }
    }

    @Test
    void aKeyOfAnotherOwnerFailsTheWholeCallAndNothingChangesAnywhere() throws Exception {
        try (KeyServers client = three.client(user, config(10)); KeyServers host = three.hostClient()) {
            List<String> mine = register(client, "1.2.3.mine", 25, BEFORE);
            List<String> theirs = register(host, "1.2.3.theirs", 1, List.of(AclEntry.dn(PKI.userDn(), Right.READ)));
            List<String> all = new ArrayList<>(mine);
            all.add(12, theirs.get(0));
            MdmException e = assertThrows(MdmException.class, () -> client.setAclAll(newAcls(all)));
            assertEquals(Status.AUTHORIZATION_FAILURE, e.status(), e.getMessage());
            for (URI u : three.uris()) {
                assertTrue(e.getMessage().contains(u + " (denied: HTTP 403: AUTHORIZATION_FAILURE " + PKI.userDn()
                        + " may not set the ACL of key " + theirs.get(0)), e.getMessage());
            }
            assertTrue(e.getMessage().contains("for key " + theirs.get(0)), e.getMessage());
            assertTrue(e.getMessage().contains("Rolled back: the previous ACLs were put back on " + three.uris().get(0)),
                    e.getMessage());
            assertFalse(e.getMessage().contains("(down"), "the 424s of the batch are not failures: " + e.getMessage());
            for (int s = 0; s < 3; s++) {
                for (String id : mine) {
                    assertEquals(BEFORE, storedAcl(s, id), "server " + s + ", key " + id);
                }
                assertEquals(List.of(AclEntry.dn(PKI.userDn(), Right.READ)), storedAcl(s, theirs.get(0)));
            }
        }
    }

    /** Another owner's key the user may set the ACL of on servers 1 and 2 but not on server 3. */
    private String theirsWithSetaclOnTwoServers() throws MdmException {
        String theirs = "1.2.3.split.theirs";
        for (int s = 0; s < 3; s++) {
            assertTrue(three.stores.get(s).insert(new StoredShare(theirs, PKI.hostDn(), s + 1, new byte[32],
                    s == 2 ? READ_ONLY : DELEGATED)));
        }
        return theirs;
    }

    private static final List<AclEntry> READ_ONLY = List.of(AclEntry.dn(PKI.userDn(), Right.READ));
    private static final List<AclEntry> DELEGATED = List.of(AclEntry.dn(PKI.userDn(), Right.READ, Right.SETACL));

    /**
     * The other owner's key lets the caller set its ACL on two servers and not on the third: the
     * first two apply their batches, the third refuses one of its own, and all that was applied is
     * undone.
     */
    @Test
    void aKeyDeniedOnOneServerOnlyIsUndoneOnTheOthers() throws Exception {
        String theirs = theirsWithSetaclOnTwoServers();
        try (KeyServers client = three.client(user, config(10))) {
            List<String> mine = register(client, "1.2.3.split", 25, BEFORE);
            List<String> all = new ArrayList<>(mine);
            all.add(theirs);
            Map<String, List<AclEntry>> acls = newAcls(all);
            acls.put(theirs, List.of(AclEntry.dn(PKI.userDn(), Right.SETACL)));  // the undo stays allowed
            MdmException e = assertThrows(MdmException.class, () -> client.setAclAll(acls));
            assertEquals(Status.AUTHORIZATION_FAILURE, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains(three.uris().get(2) + " (denied"), e.getMessage());
            assertFalse(e.getMessage().contains(three.uris().get(0) + " (denied"), e.getMessage());
            assertTrue(e.getMessage().contains("Rolled back: the previous ACLs were put back on " + three.uris().get(0)
                    + ", " + three.uris().get(1) + ", " + three.uris().get(2) + "; every ACL is as it was."), e.getMessage());
            for (int s = 0; s < 3; s++) {
                for (String id : mine) {
                    assertEquals(BEFORE, storedAcl(s, id), "server " + s + ", key " + id);
                }
                assertEquals(s == 2 ? READ_ONLY : DELEGATED, storedAcl(s, theirs));
                // Three batches each (26 keys by 10), then the undo of what was applied: all three
                // batches on servers 1 and 2, the first two on server 3.
                assertEquals(s == 2 ? 5 : 6, three.requests(s, BATCH_ACL), "server " + s);
            }
        }
    }

    /**
     * As above, but the new ACL of the other owner's key no longer grants the caller setacl: the
     * undo of that key is denied where it was applied, which the failure says; the caller's own
     * keys, refused with it in one undo batch, are sent again without it and put back.
     */
    @Test
    void anUndoTheCallerIsNoLongerAllowedIsReportedAndTheRestIsUndone() throws Exception {
        String theirs = theirsWithSetaclOnTwoServers();
        try (KeyServers client = three.client(user, config(10))) {
            List<String> mine = register(client, "1.2.3.split", 25, BEFORE);
            List<String> all = new ArrayList<>(mine);
            all.add(theirs);
            Map<String, List<AclEntry>> acls = newAcls(all);
            MdmException e = assertThrows(MdmException.class, () -> client.setAclAll(acls));
            assertEquals(Status.AUTHORIZATION_FAILURE, e.status(), e.getMessage());
            for (int s = 0; s < 2; s++) {
                assertTrue(e.getMessage().contains(three.uris().get(s) + " still holds the new ACL of key " + theirs
                        + " (undo failed: denied: HTTP 403: AUTHORIZATION_FAILURE " + PKI.userDn()
                        + " may not set the ACL of key " + theirs), e.getMessage());
            }
            assertTrue(e.getMessage().contains("ROLLBACK INCOMPLETE"), e.getMessage());
            assertTrue(e.getMessage().contains("the previous ACLs were put back on " + three.uris().get(2) + "."),
                    e.getMessage());
            for (int s = 0; s < 3; s++) {
                for (String id : mine) {
                    assertEquals(BEFORE, storedAcl(s, id), "server " + s + ", key " + id);
                }
                assertEquals(s == 2 ? READ_ONLY : acls.get(theirs), storedAcl(s, theirs));
            }
        }
    }

    @Test
    void aDelegateHoldingSetaclChangesTheOwnersKeys() throws Exception {
        try (KeyServers owner = three.hostClient(); KeyServers delegate = three.client(user, config(100))) {
            List<String> ids = register(owner, "1.2.3.delegated", 30, List.of(AclEntry.dn(PKI.userDn(), Right.SETACL)));
            Map<String, List<AclEntry>> acls = newAcls(ids);
            assertEquals(30, delegate.setAclAll(acls).keys());
            for (String id : List.of(ids.get(0), ids.get(29))) {
                owner.getAcl(id).values().forEach(d -> assertEquals(new AclDocument(PKI.hostDn(), acls.get(id)), d));
            }
            // The new ACLs no longer grant the delegate setacl: a second change is denied, and changes nothing.
            MdmException e = assertThrows(MdmException.class, () -> delegate.setAclAll(Map.of(ids.get(3), BEFORE)));
            assertEquals(Status.AUTHORIZATION_FAILURE, e.status());
            assertTrue(e.getMessage().contains("Nothing was changed on any server."), e.getMessage());
            assertEquals(acls.get(ids.get(3)), storedAcl(1, ids.get(3)));
        }
    }

    @Test
    void aStoppedServerFailsTheCallNamingItAndTheOthersAreUndone() throws Exception {
        try (KeyServers client = three.client(user, config(10))) {
            List<String> ids = register(client, "1.2.3.stopped", 25, BEFORE);
            three.stop(1);
            MdmException e = assertThrows(MdmException.class, () -> client.setAclAll(newAcls(ids)));
            assertEquals(Status.PEER_UNAVAILABLE, e.status(), e.getMessage());
            assertTrue(e.getMessage().contains(three.uris().get(1) + " (down: connection refused) for keys " + ids.get(0)
                    + ", " + ids.get(1)), e.getMessage());
            assertTrue(e.getMessage().contains("and 20 more"), e.getMessage());
            assertTrue(e.getMessage().contains("Rolled back: the previous ACLs were put back on " + three.uris().get(0)
                    + ", " + three.uris().get(2) + "; every ACL is as it was."), e.getMessage());
            for (int s : new int[] {0, 2}) {
                for (String id : ids) {
                    assertEquals(BEFORE, storedAcl(s, id), "server " + s + ", key " + id);
                }
            }
        }
    }

    @Test
    void aMalformedChangeIsRefusedBeforeAnythingIsSent() throws Exception {
        try (KeyServers client = three.client(user, config(10))) {
            List<String> ids = register(client, "1.2.3.malformed", 2, BEFORE);
            List<Map<String, List<AclEntry>>> bad = List.of(
                    Map.of(ids.get(0), BEFORE, "bad/id", BEFORE),
                    Map.of(ids.get(0), List.of(AclEntry.group("/biomed/lab/Role=NULL", Right.READ))),
                    Map.of(ids.get(0), List.of(AclEntry.group("/biomed/Capability=x", Right.READ))),
                    Map.of(ids.get(1), List.of(AclEntry.vo("biomed"))));
            for (Map<String, List<AclEntry>> acls : bad) {
                MdmException e = assertThrows(MdmException.class, () -> client.setAclAll(acls), acls.toString());
                assertEquals(Status.INVALID_REQUEST, e.status());
            }
            Map<String, List<AclEntry>> tooLong = new LinkedHashMap<>();
            List<AclEntry> many = new ArrayList<>();
            for (int i = 0; i <= AclEntry.MAX_ENTRIES; i++) {
                many.add(AclEntry.dn("/CN=reader " + i, Right.READ));
            }
            tooLong.put(ids.get(0), many);
            MdmException e = assertThrows(MdmException.class, () -> client.setAclAll(tooLong));
            assertTrue(e.getMessage().contains("ACL of key " + ids.get(0) + ": 257 entries in all, over the key servers'"
                    + " limit of 256"), e.getMessage());
            for (int s = 0; s < 3; s++) {
                assertEquals(0, three.requests(s, BATCH_ACL));
            }
        }
    }

    /**
     * A grant to {@code /biomed/lab/Role=doctor} lets a caller holding that role in that group
     * read the key and, given setacl, change its ACL; a member of the group without the role
     * (Role=NULL) or with another role may not. A grant to the group without a role lets all in.
     */
    @Test
    void aGroupWithARoleGrantsOnlyTheHoldersOfThatRole() throws Exception {
        Path doctor = ProxyTools.vomsProxyFake(PKI, dir.resolve("x509up_doctor"), "-fqan", "/biomed/lab/Role=doctor");
        Path nurse = ProxyTools.vomsProxyFake(PKI, dir.resolve("x509up_nurse"), "-fqan", "/biomed/lab/Role=nurse");
        ImageKey forDoctors = ImageKey.generate("1.2.3.role.doctors");
        ImageKey forLab = ImageKey.generate("1.2.3.role.lab");
        try (KeyServers owner = three.hostClient(); KeyServers asDoctor = three.client(doctor);
                KeyServers asNurse = three.client(nurse); KeyServers asMember = three.client(PKI.vomsProxy())) {
            owner.register(forDoctors, List.of(AclEntry.group("/biomed/lab/Role=doctor", Right.READ, Right.SETACL)));
            owner.register(forLab, List.of(AclEntry.group("/biomed/lab", Right.READ)));
            assertArrayEquals(forDoctors.material(), asDoctor.fetch(forDoctors.keyId()).material());
            for (KeyServers other : List.of(asNurse, asMember)) {
                MdmException e = assertThrows(MdmException.class, () -> other.fetch(forDoctors.keyId()));
                assertEquals(Status.AUTHORIZATION_FAILURE, e.status(), e.getMessage());
                assertArrayEquals(forLab.material(), other.fetch(forLab.keyId()).material());
            }
            assertArrayEquals(forLab.material(), asDoctor.fetch(forLab.keyId()).material());
            List<AclEntry> nurses = List.of(AclEntry.group("/biomed/lab/Role=nurse", Right.READ));
            assertEquals(Status.AUTHORIZATION_FAILURE, assertThrows(MdmException.class,
                    () -> asNurse.setAclAll(Map.of(forDoctors.keyId(), nurses))).status());
            asDoctor.setAclAll(Map.of(forDoctors.keyId(), nurses));
            assertArrayEquals(forDoctors.material(), asNurse.fetch(forDoctors.keyId()).material());
            assertEquals(Status.AUTHORIZATION_FAILURE,
                    assertThrows(MdmException.class, () -> asDoctor.fetch(forDoctors.keyId())).status());
        }
    }
}
