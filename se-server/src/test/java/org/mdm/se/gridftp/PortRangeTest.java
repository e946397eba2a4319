package org.mdm.se.gridftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;

/** Passive data ports from a site's range (se.gridftp.data.ports), on real sockets. */
class PortRangeTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void parsesARangeOrNothingAndRefusesTheRest() throws Exception {
        assertEquals(new PortRange(50000, 51000), PortRange.parse("50000-51000", "k"));
        assertEquals(PortRange.ANY, PortRange.parse(" ", "k"));
        for (String bad : List.of("80-90", "51000-50000", "50000", "a-b", "50000-70000")) {
            MdmException e = assertThrows(MdmException.class, () -> PortRange.parse(bad, "se.gridftp.data.ports"));
            assertTrue(e.getMessage().contains("se.gridftp.data.ports"), e.getMessage());
        }
    }

    @Test
    void aListenerTakesAFreePortOfTheRangeAndSaysWhenNoneIsLeft() throws Exception {
        int first;
        try (ServerSocket probe = new ServerSocket(0, 1, LOOPBACK)) {
            first = probe.getLocalPort();
        }
        if (first > 65533) {
            first = 60000;
        }
        PortRange range = new PortRange(first, first + 1);
        try (ServerSocketChannel a = range.bind(LOOPBACK); ServerSocketChannel b = range.bind(LOOPBACK)) {
            int pa = a.socket().getLocalPort();
            int pb = b.socket().getLocalPort();
            assertTrue(pa >= first && pa <= first + 1 && pb >= first && pb <= first + 1 && pa != pb, pa + " " + pb);
            BindException none = assertThrows(BindException.class, () -> range.bind(LOOPBACK));
            assertTrue(none.getMessage().contains("se.gridftp.data.ports"), none.getMessage());
        }
    }
}
