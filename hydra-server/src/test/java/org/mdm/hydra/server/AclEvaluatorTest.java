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
    void aGroupWithARoleMatchesOnlyThatGroupWithThatRole() {
        GridPrincipal doctor = new GridPrincipal("/C=FR/O=MDM/CN=Doc",
                List.of("/biomed/Role=NULL/Capability=NULL", "/biomed/lab/Role=doctor/Capability=NULL"));
        GridPrincipal member = new GridPrincipal("/C=FR/O=MDM/CN=Member",
                List.of("/biomed/Role=NULL/Capability=NULL", "/biomed/lab/Role=NULL/Capability=NULL"));
        StoredShare forDoctors = share(AclEntry.group("/biomed/lab/Role=doctor", Right.READ));
        assertTrue(AclEvaluator.allows(forDoctors, doctor, Right.READ));
        assertFalse(AclEvaluator.allows(forDoctors, member, Right.READ), "Role=NULL is no role");
        assertFalse(AclEvaluator.allows(forDoctors, ALICE, Right.READ), "another role of the same group");
        assertFalse(AclEvaluator.allows(forDoctors, doctor, Right.SETACL));
        // The role belongs to its group: doctor in /biomed/lab is not doctor in /biomed.
        assertFalse(AclEvaluator.allows(share(AclEntry.group("/biomed/Role=doctor", Right.READ)), doctor, Right.READ));
        assertFalse(AclEvaluator.allows(share(AclEntry.group("/biomed/la/Role=doctor", Right.READ)), doctor, Right.READ));
        // Without a role the group matches whatever role its members hold.
        assertTrue(AclEvaluator.allows(share(AclEntry.group("/biomed/lab", Right.READ)), doctor, Right.READ));
        assertTrue(AclEvaluator.allows(share(AclEntry.group("/biomed/lab", Right.READ)), member, Right.READ));
        assertTrue(AclEvaluator.allows(share(AclEntry.group("/biomed/lab/Role=admin", Right.READ)), ALICE, Right.READ),
                "an FQAN without Capability");
        assertEquals("doctor", AclEvaluator.role("/biomed/lab/Role=doctor/Capability=NULL"));
        assertEquals(null, AclEvaluator.role("/biomed/lab/Role=NULL"));
        assertEquals(null, AclEvaluator.role("/biomed/lab"));
    }

    @Test
    void malformedEntriesAreRefused() throws Exception {
        assertThrows(MdmException.class, () -> AclEntry.group("biomed", Right.READ).validate());
        assertThrows(MdmException.class, () -> AclEntry.vo("/biomed", Right.READ).validate());
        assertThrows(MdmException.class, () -> AclEntry.dn("CN=x", Right.READ).validate());
        assertThrows(MdmException.class, () -> AclEntry.dn("/CN=x").validate());
        for (String group : List.of("/biomed/lab/Role=doctor/Capability=NULL", "/biomed/Capability=x",
                "/biomed/lab/Role=NULL", "/biomed/Role=", "/Role=doctor", "/biomed/Role=doctor/lab",
                "/biomed/Role=a/Role=b", "/biomed/lab/Role=doc tor")) {
            MdmException e = assertThrows(MdmException.class, () -> AclEntry.group(group, Right.READ).validate(), group);
            assertTrue(e.getMessage().contains("'" + group + "' is malformed"), e.getMessage());
            assertTrue(e.getMessage().contains("/biomed/lab/Role=doctor"), "the message shows the form: " + e.getMessage());
        }
        AclEntry doctors = AclEntry.group("/biomed/lab/Role=doctor", Right.READ).validate();
        assertEquals("/biomed/lab", doctors.groupPath());
        assertEquals("doctor", doctors.role());
        assertEquals(null, AclEntry.group("/biomed/lab", Right.READ).validate().role());
    }
}
