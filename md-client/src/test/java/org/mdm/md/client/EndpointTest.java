package org.mdm.md.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;

class EndpointTest {
    @Test
    void readsHostAndPort() throws MdmException {
        assertEquals(new Endpoint("md.lyon.example.org", 8822), Endpoint.parse("md.lyon.example.org:8822"));
        assertEquals(new Endpoint("::1", 8822), Endpoint.parse("[::1]:8822"));
        assertEquals("[::1]:8822", Endpoint.parse("[::1]:8822").toString());
        assertEquals("localhost:1", Endpoint.parse(" localhost:1 ").toString());
    }

    @Test
    void refusesWhatIsNotHostColonPort() {
        for (String bad : new String[] {"localhost", ":8822", "host:", "host:0", "host:65536", "host:x", "", "[::1", "::1:8822", "[host]:1",
            "ho st:1", "[::1]x:1"}) {
            MdmException e = assertThrows(MdmException.class, () -> Endpoint.parse(bad), bad);
            assertTrue(e.getMessage().contains("is not host:port"), e.getMessage());
        }
    }
}
