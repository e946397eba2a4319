package org.mdm.se;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

class AccessListTest {
    private static final GridPrincipal ALICE = new GridPrincipal("/C=FR/O=MDM/CN=Alice",
            List.of("/biomed/Role=NULL", "/biomed/lab"));
    private static final GridPrincipal BOB = new GridPrincipal("/C=FR/O=MDM/CN=Bob", List.of());
    private static final GridPrincipal CAROL = new GridPrincipal("/C=FR/O=MDM/CN=Carol", List.of("/biomedx/Role=NULL"));

    @Test
    void dnFqanAndVoEntriesAllowWhomTheyName() throws MdmException {
        assertDoesNotThrow(() -> AccessList.of(List.of("dn:/C=FR/O=MDM/CN=Bob")).check(BOB, "/p"));
        assertDoesNotThrow(() -> AccessList.of(List.of("fqan:/biomed/lab")).check(ALICE, "/p"));
        assertDoesNotThrow(() -> AccessList.of(List.of("fqan:/biomed")).check(ALICE, "/p"));
        assertDoesNotThrow(() -> AccessList.of(List.of("vo:biomed")).check(ALICE, "/p"));
        assertThrows(MdmException.class, () -> AccessList.of(List.of("vo:biomed")).check(CAROL, "/p"),
                "a VO whose name starts with another's is another VO");
        assertThrows(MdmException.class, () -> AccessList.of(List.of("dn:/C=FR/O=MDM/CN=Bo")).check(BOB, "/p"));
    }

    @Test
    void aRefusalNamesTheCallerAndThePathAndWhatToDo() throws MdmException {
        MdmException e = assertThrows(MdmException.class,
                () -> AccessList.of(List.of("vo:biomed")).check(BOB, "/dpm/x/1.2/3.4/5.6"));
        assertEquals(Status.AUTHORIZATION_FAILURE, e.status());
        assertTrue(e.getMessage().contains(BOB.dn()) && e.getMessage().contains("/dpm/x/1.2/3.4/5.6")
                && e.getMessage().contains("se.access"), e.getMessage());
        assertThrows(MdmException.class, () -> AccessList.of(List.of()).check(ALICE, "/p"), "empty allows nobody");
    }

    @Test
    void malformedEntriesAreConfigurationErrors() {
        for (String bad : new String[] {"alice", "dn:", "fqan:biomed", "vo:/biomed", "group:/biomed"}) {
            MdmException e = assertThrows(MdmException.class, () -> AccessList.of(List.of(bad)), bad);
            assertEquals(Status.CONFIGURATION_ERROR, e.status());
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }
}
