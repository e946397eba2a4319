package org.mdm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mdm.api.GridPrincipal;

class AccessTest {
    private static final String OWNER = "/C=FR/CN=Owner";
    private static final GridPrincipal OWNER_P = new GridPrincipal(OWNER, List.of());
    private static final GridPrincipal COLLEAGUE = new GridPrincipal("/C=FR/CN=Colleague", List.of());
    private static final GridPrincipal BIOMED = new GridPrincipal("/C=FR/CN=Member",
            List.of("/biomed/lab/Role=NULL/Capability=NULL"));
    private static final GridPrincipal STRANGER = new GridPrincipal("/C=FR/CN=Stranger", List.of("/atlas/Role=NULL"));

    private static NsEntry file(int mode) throws Exception {
        Instant t = Instant.parse("2026-12-06T12:00:00Z");
        return new NsEntry(NsPath.parse("/dpm/x/f"), false, OWNER, "biomed", mode, NsStatus.ONLINE, 1, "00000001",
                "file:///x", null, t, t);
    }

    @Test
    void withoutAnAclTheModeBitsDecide() throws Exception {
        NsEntry f = file(0640);
        assertEquals(6 | AclEntry.CONTROL, Access.rights(f, List.of(), OWNER_P), "the owner controls the ACL");
        assertEquals(4, Access.rights(f, List.of(), BIOMED), "the owning group (a VO) includes its subgroups");
        assertEquals(0, Access.rights(f, List.of(), STRANGER));
        assertEquals(0, Access.rights(f, List.of(), COLLEAGUE));
    }

    @Test
    void namedEntriesAreLimitedByTheMaskAndOwnerOnlyStaysOwnerOnly() throws Exception {
        NsEntry f = file(0600);
        List<AclEntry> acl = List.of(new AclEntry(AclEntry.Tag.USER_OBJ, null, 7, false),
                new AclEntry(AclEntry.Tag.USER, COLLEAGUE.dn(), 7, false),
                new AclEntry(AclEntry.Tag.GROUP_OBJ, null, 0, false),
                new AclEntry(AclEntry.Tag.GROUP, "/atlas", 4, false),
                new AclEntry(AclEntry.Tag.MASK, null, 5, false),
                new AclEntry(AclEntry.Tag.OTHER, null, 0, false),
                new AclEntry(AclEntry.Tag.USER, STRANGER.dn(), 7, true)); // a default: inherited, not applied here
        assertEquals(7 | AclEntry.CONTROL, Access.rights(f, acl, OWNER_P));
        assertEquals(5, Access.rights(f, acl, COLLEAGUE), "rwx masked to r-x");
        assertEquals(4, Access.rights(f, acl, STRANGER), "through /atlas, not through the default entry");
        assertEquals(0, Access.rights(f, acl, BIOMED), "g::0 for the owning group");
    }

    @Test
    void groupsMatchWholeSegmentsOnly() {
        assertTrue(Access.inGroup(BIOMED, "/biomed/lab"));
        assertTrue(Access.inGroup(BIOMED, "biomed"));
        assertFalse(Access.inGroup(BIOMED, "/bio"));
        assertFalse(Access.inGroup(BIOMED, "/biomed/la"));
        assertFalse(Access.inGroup(BIOMED, ""));
    }

    @Test
    void aGroupWithARoleMatchesOnlyThatRoleInThatGroup() {
        GridPrincipal doctor = new GridPrincipal("/C=FR/CN=Doc", List.of("/biomed/Role=NULL/Capability=NULL",
                "/biomed/lab/Role=doctor/Capability=NULL"));
        assertTrue(Access.inGroup(doctor, "/biomed/lab/Role=doctor"));
        assertTrue(Access.inGroup(doctor, "/biomed/lab"), "the group without a role takes every role");
        assertFalse(Access.inGroup(doctor, "/biomed/Role=doctor"), "the role is held in /biomed/lab, not /biomed");
        assertFalse(Access.inGroup(BIOMED, "/biomed/lab/Role=doctor"), "Role=NULL is no role");
        assertFalse(Access.inGroup(doctor, "/biomed/lab/Role=doc"));
    }

    @Test
    void controlIsTheOwnersOrGranted() throws Exception {
        NsEntry f = file(0600);
        List<AclEntry> acl = List.of(new AclEntry(AclEntry.Tag.USER_OBJ, null, 6, false),
                new AclEntry(AclEntry.Tag.USER, COLLEAGUE.dn(), AclEntry.READ | AclEntry.CONTROL, false),
                new AclEntry(AclEntry.Tag.GROUP, "/atlas", AclEntry.READ | AclEntry.CONTROL, false),
                new AclEntry(AclEntry.Tag.MASK, null, AclEntry.READ, false),
                new AclEntry(AclEntry.Tag.OTHER, null, 0, false));
        assertTrue((Access.rights(f, acl, OWNER_P) & AclEntry.CONTROL) != 0);
        assertEquals(AclEntry.READ, Access.rights(f, acl, COLLEAGUE), "the mask caps control too");
        List<AclEntry> unmasked = acl.stream().map(e -> e.tag() == AclEntry.Tag.MASK
                ? new AclEntry(AclEntry.Tag.MASK, null, AclEntry.ALL, false) : e).toList();
        assertEquals(AclEntry.READ | AclEntry.CONTROL, Access.rights(f, unmasked, COLLEAGUE));
        assertEquals(AclEntry.READ | AclEntry.CONTROL, Access.rights(f, unmasked, STRANGER));
        assertEquals(0, Access.rights(f, unmasked, BIOMED));
    }
}
