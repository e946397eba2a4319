package org.mdm.se.gridftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;

/** The reply, address and transfer-setting syntax the control channel speaks. */
class ControlSyntaxTest {

    @Test
    void aMultiLineReplyHasCodeDashFirstIndentedBodyAndCodeSpaceLast() {
        Reply r = Reply.multi(211, "Extensions supported", List.of("DCAU", "MLST Type*;"), "End.");
        assertEquals(List.of("211-Extensions supported", " DCAU", " MLST Type*;", "211 End."), r.formatted());
        assertEquals(List.of("226 Transfer complete."), Reply.of(226, "Transfer complete.").formatted());
    }

    @Test
    void aReplyTextCannotSmuggleALineBreak() {
        assertEquals(List.of("550 a  226 fake"), Reply.of(550, "a\r\n226 fake").formatted());
    }

    @Test
    void portAndEprtParseAndRefuseMalformedAddresses() throws Exception {
        assertEquals(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 83 * 256 + 80),
                Addresses.parsePort("127,0,0,1,83,80"));
        assertEquals(new InetSocketAddress(InetAddress.getByName("::1"), 5282), Addresses.parseEprt("|2|::1|5282|"));
        for (String bad : List.of("127,0,0,1,83", "300,0,0,1,1,1", "a,b,c,d,e,f", "")) {
            assertThrows(MdmException.class, () -> Addresses.parsePort(bad), bad);
        }
        for (String bad : List.of("|1|example.org|5282|", "|3|1.2.3.4|5|", "|1|1.2.3.4|0|", "x")) {
            assertThrows(MdmException.class, () -> Addresses.parseEprt(bad), bad);
        }
        assertEquals("Entering Passive Mode (127,0,0,1,83,43)",
                Addresses.pasvText(InetAddress.getByName("127.0.0.1"), 83 * 256 + 43));
    }

    @Test
    void transferSettingsFollowTheCommandsAndRefuseWhatIsNotSupported() {
        TransferSettings t = new TransferSettings();
        assertEquals(1, t.connections());
        assertTrue(t.dcau(), "DCAU A is the GridFTP default");
        assertEquals(200, t.mode("E").code());
        assertEquals(200, t.opts("RETR Parallelism=4,4,4;").code());
        assertEquals(4, t.connections());
        assertEquals(200, t.mode("S").code());
        assertEquals(1, t.connections(), "stream mode uses one connection whatever the parallelism");
        assertEquals(501, t.opts("RETR Parallelism=0,0,0;").code());
        assertEquals(501, t.opts("RETR Parallelism=999999999999,1,1;").code());
        assertEquals(504, t.mode("B").code());
        assertEquals(504, t.dcau("S /CN=x").code());
        assertEquals(536, t.prot("S").code());
        assertEquals(200, t.dcau("N").code());
        assertFalse(t.dcau());
        assertEquals(200, t.opts("PASV AllowDelayed=1;").code());
        assertTrue(t.delayedPassive());
        assertEquals(501, t.rest("-5").code());
        assertEquals(350, t.rest("1000").code());
        assertEquals(1000, t.takeRestart());
        assertEquals(0, t.takeRestart(), "REST applies to the next RETR only");
        assertEquals(504, t.type("E").code());
    }

    @Test
    void commandsAreParsedCaseInsensitivelyAndNeverLogTheirArguments() {
        Command c = Command.parse("retr /data/1.2.3/4.5.6/7.8.9");
        assertEquals("RETR", c.verb());
        assertEquals("/data/1.2.3/4.5.6/7.8.9", c.argument());
        assertEquals("RETR", c.forLog(), "paths name images: never in the log");
    }
}
