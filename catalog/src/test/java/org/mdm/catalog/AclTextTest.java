package org.mdm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

class AclTextTest {
    private static final String ANN = "/C=FR/O=MDM/OU=users/CN=Ann Owner";

    @Test
    void readsLfcSetaclText() throws Exception {
        List<AclEntry> acl = AclText.parse("m:rwx,u::rwx,g::0,o::0,u:" + ANN + ":r-x,d:m:rwx");
        assertEquals(List.of(new AclEntry(AclEntry.Tag.MASK, null, 7, false),
                new AclEntry(AclEntry.Tag.USER_OBJ, null, 7, false),
                new AclEntry(AclEntry.Tag.GROUP_OBJ, null, 0, false),
                new AclEntry(AclEntry.Tag.OTHER, null, 0, false),
                new AclEntry(AclEntry.Tag.USER, ANN, 5, false),
                new AclEntry(AclEntry.Tag.MASK, null, 7, true)), acl);
        assertEquals("m::rwx,u::rwx,g::---,o::---,u:" + ANN + ":r-x,d:m::rwx", AclText.format(acl));
        assertEquals(acl, AclText.parse(AclText.format(acl)), "format reads back");
    }

    @Test
    void dnsWithCommasAndColonsAndVomsGroupsParse() throws Exception {
        String odd = "/C=US/O=Acme, Inc./CN=host:port user";
        List<AclEntry> acl = AclText.parse("u:" + odd + ":r,g:/biomed/lab/Role=NULL:rx,default:group:biomed:5");
        assertEquals(new AclEntry(AclEntry.Tag.USER, odd, 4, false), acl.get(0));
        assertEquals(new AclEntry(AclEntry.Tag.GROUP, "/biomed/lab", 5, false), acl.get(1), "Role=NULL is no role");
        assertEquals(new AclEntry(AclEntry.Tag.GROUP, "biomed", 5, true), acl.get(2));
    }

    @Test
    void readsTheShortForm() throws Exception {
        assertEquals(List.of(new AclEntry(AclEntry.Tag.USER, ANN, 5, false),
                new AclEntry(AclEntry.Tag.GROUP, "biomed", 4, false),
                new AclEntry(AclEntry.Tag.GROUP, "/biomed/lab", 4, true)),
                AclText.parse("dn:" + ANN + ":rx, vo:biomed:r, d:fqan:/biomed/lab:r"));
    }

    @Test
    void malformedTextIsRefusedNamingTheEntry() {
        for (String[] c : new String[][] {
            {"", "the ACL is empty"},
            {"host:example.org:r", "unknown principal type 'host'"},
            {"u::rwq", "'q' is not a permission"},
            {"u::rr", "given twice"},
            {"u::8", "'8' is not a permission"},
            {"u::rwxcr", "neither rwx letters nor an octal digit"},
            {"m:" + ANN + ":rwx", "a mask entry names nobody"},
            {"u:" + ANN, "no permissions after a second colon"},
            {"dn::r", "it names nobody"},
            {"rwx", "it has no tag"},
            {"u::rwx,u::r", "repeats an entry"},
            {"dn:/C=FR/O=H/CN=Z", "it gives no rights"},
            {"dn:/C=FR/O=H/CN=New\nline:r", "control character"},
            {"u:/C=FR/O=H/CN=Tab\there:r", "control character"},
            {"dn:/C=FR/O=H/CN=" + "x".repeat(600) + ":r", "at most 512"},
        }) {
            MdmException e = assertThrows(MdmException.class, () -> AclText.parse(c[0]), c[0]);
            assertEquals(Status.INVALID_REQUEST, e.status());
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains("Syntax:"), c[0] + ": " + e.getMessage());
            assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\t"), "one line: " + e.getMessage());
        }
    }

    @Test
    void controlIsTheLetterC() throws Exception {
        List<AclEntry> acl = AclText.parse("u:" + ANN + ":r-xc,g:/biomed/lab:rc");
        assertEquals(AclEntry.READ | AclEntry.EXECUTE | AclEntry.CONTROL, acl.get(0).perms());
        assertEquals(AclEntry.READ | AclEntry.CONTROL, acl.get(1).perms());
        assertEquals("u:" + ANN + ":r-xc,g:/biomed/lab:r--c", AclText.format(acl));
        assertEquals(acl, AclText.parse(AclText.format(acl)));
    }

    @Test
    void removalsNameWhomWithOrWithoutRights() throws Exception {
        String odd = "/C=US/O=Acme, Inc./CN=host:8443";
        assertEquals(List.of(new AclEntry(AclEntry.Tag.USER, ANN, 0, false),
                new AclEntry(AclEntry.Tag.USER, odd, 0, false),
                new AclEntry(AclEntry.Tag.GROUP, "biomed", 0, false),
                new AclEntry(AclEntry.Tag.GROUP, "/biomed/lab", 4, true)),
                AclText.parsePrincipals("u:" + ANN + ",dn:" + odd + ",vo:biomed,d:g:/biomed/lab:r"));
        MdmException e = assertThrows(MdmException.class, () -> AclText.parsePrincipals("m::r"));
        assertTrue(e.getMessage().contains("only named users, groups and VOs can be removed"), e.getMessage());
    }
}
