package org.mdm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.AclEntry;
import org.mdm.register.Registrant;
import picocli.CommandLine;

/** The push.* keys: senders and their owners parsed, bad values refused naming the key. */
class PushConfigTest {
    private static final String DN = "/C=FR/O=Hospital/CN=Radiology";

    private static MdmConfig config(Map<String, String> keys) throws MdmException {
        return MdmConfig.load(null, keys);
    }

    @Test
    void pushIsOffByDefault() throws MdmException {
        assertFalse(PushService.enabled(config(Map.of())), "a fresh mdm serve opens no push port");
    }

    @Test
    void eachSenderHasItsOwnerGroupAndReaders() throws MdmException {
        Map<String, Registrant> senders = PushSenders.of(config(Map.of("push.ae.CT_1.owner", DN,
                "push.ae.CT_1.read", "dn:/C=FR/O=Lab/CN=Ann, group:/biomed/lab ,vo:biomed", "push.ae.PACS.owner", DN,
                "push.ae.PACS.group", "radiology")));
        assertEquals(List.of("CT_1", "PACS"), List.copyOf(senders.keySet()));
        Registrant ct = senders.get("CT_1");
        assertEquals(DN, ct.ownerDn());
        assertEquals("biomed", ct.group(), "register.group by default");
        assertEquals(List.of(new AclEntry(AclEntry.Tag.USER, "/C=FR/O=Lab/CN=Ann", AclEntry.READ, false),
                new AclEntry(AclEntry.Tag.GROUP, "/biomed/lab", AclEntry.READ, false),
                new AclEntry(AclEntry.Tag.GROUP, "biomed", AclEntry.READ, false)), ct.readers());
        assertEquals("radiology", senders.get("PACS").group());
        assertEquals(List.of(), senders.get("PACS").readers());
    }

    @Test
    void badSenderKeysAreRefusedNamingTheKey() {
        for (Map<String, String> bad : List.of(Map.of("push.ae.CT.group", "biomed"),
                Map.of("push.ae.CT.owner", "Radiology"), Map.of("push.ae.CT.owner", DN, "push.ae.CT.read", "user:x"),
                Map.of("push.ae.CT.owner", DN, "push.ae.CT.read", "vo:/biomed"), Map.of("push.ae.CT.ownr", DN),
                Map.of("push.ae.AN_AE_TITLE_TOO_LONG.owner", DN))) {
            MdmException e = assertThrows(MdmException.class, () -> PushSenders.of(config(bad)), bad.toString());
            assertEquals(Status.CONFIGURATION_ERROR, e.status());
            assertTrue(e.getMessage().contains("push.ae."), e.getMessage());
        }
    }

    @Test
    void pushWithoutSendersOrKeyServersIsRefusedBeforeAnythingStarts() {
        MdmException none = assertThrows(MdmException.class, () -> PushService.enabled(config(Map.of("push.port", "0",
                "hydra.servers", "https://localhost:1"))));
        assertTrue(none.getMessage().contains("push.ae.<AET>.owner"), none.getMessage());
        MdmException noKeys = assertThrows(MdmException.class, () -> PushService.enabled(config(Map.of("push.port", "0",
                "push.ae.CT.owner", DN))));
        assertTrue(noKeys.getMessage().contains("hydra.servers"), noKeys.getMessage());
        MdmException badAet = assertThrows(MdmException.class, () -> PushService.enabled(config(Map.of("push.port",
                "0", "push.ae.CT.owner", DN, "hydra.servers", "https://localhost:1", "push.aet", ""))));
        assertTrue(badAet.getMessage().contains("push.aet"), badAet.getMessage());
    }

    @Test
    void serveSaysWhatToFixAndStartsNothing() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("-D", "se.access=vo:biomed", "-D", "push.port=0", "serve");
        assertNotEquals(0, code);
        assertTrue(err.toString().contains("push.ae.<AET>.owner"), err.toString());
        assertFalse(out.toString().contains("ready"), out.toString());
    }
}
