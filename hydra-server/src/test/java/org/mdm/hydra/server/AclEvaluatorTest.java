package org.mdm.hydra.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.Right;

class AclEvaluatorTest {
    private static final GridPrincipal ALICE = new GridPrincipal("/C=FR/O=MDM/CN=Alice",
            List.of("/biomed/Role=NULL/Capability=NULL", "/biomed/lab/Role=admin"));

    private static StoredShare share(AclEntry... acl) {
        return new StoredShare("k", "/C=FR/O=MDM/CN=Owner", 1, new byte[32], List.of(acl));
    }

    @Test
    void ownerHasEveryRight() {
        GridPrincipal owner = new GridPrincipal("/C=FR/O=MDM/CN=Owner", List.of());
        for (Right r : Right.values()) {
            assertTrue(AclEvaluator.allows(share(), owner, r));
        }
    }

    @Test
    void groupIgnoresRoleAndCapabilityButIsExact() {
        assertTrue(AclEvaluator.allows(share(AclEntry.group("/biomed/lab", Right.READ)), ALICE, Right.READ));
        assertTrue(AclEvaluator.allows(share(AclEntry.group("/biomed", Right.READ)), ALICE, Right.READ));
        assertFalse(AclEvaluator.allows(share(AclEntry.group("/biomed/la", Right.READ)), ALICE, Right.READ));
        assertFalse(AclEvaluator.allows(share(AclEntry.group("/biomed/lab", Right.READ)), ALICE, Right.REMOVE));
    }

    @Test
    void voIsFirstPathElementAndDnIsExact() {
        assertTrue(AclEvaluator.allows(share(AclEntry.vo("biomed", Right.READ)), ALICE, Right.READ));
        assertFalse(AclEvaluator.allows(share(AclEntry.vo("bio", Right.READ)), ALICE, Right.READ));
        assertTrue(AclEvaluator.allows(share(AclEntry.dn(ALICE.dn(), Right.SETACL)), ALICE, Right.SETACL));
        assertFalse(AclEvaluator.allows(share(AclEntry.dn(ALICE.dn() + " ", Right.READ)), ALICE, Right.READ));
        assertEquals("biomed", AclEvaluator.vo("/biomed/lab/Role=x"));
    }

    @Test
    void malformedEntriesAreRefused() {
        assertThrows(MdmException.class, () -> AclEntry.group("biomed", Right.READ).validate());
        assertThrows(MdmException.class, () -> AclEntry.group("/biomed/Role=admin", Right.READ).validate());
        assertThrows(MdmException.class, () -> AclEntry.vo("/biomed", Right.READ).validate());
        assertThrows(MdmException.class, () -> AclEntry.dn("CN=x", Right.READ).validate());
        assertThrows(MdmException.class, () -> AclEntry.dn("/CN=x").validate());
    }
}
