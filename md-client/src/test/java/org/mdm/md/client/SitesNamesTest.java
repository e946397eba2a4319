package org.mdm.md.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;
import org.mdm.security.testpki.TestPki;

/** What Sites refuses before any connection: bad names, unknown sites, no sites. */
class SitesNamesTest {
    @Test
    void namesAndSelectionsAreCheckedBeforeAnythingIsSent() throws Exception {
        TestPki pki = TestPki.shared();
        try (GridTrust trust = GridTrust.fromDirectory(pki.certDir());
                Sites sites = new Sites(Credentials.loadProxy(pki.proxy()), trust, Timeouts.DEFAULT)) {
            MdmException none = assertThrows(MdmException.class, () -> sites.run("pwd", Set.of(), (s, v) -> { }));
            assertEquals(Status.CONFIGURATION_ERROR, none.status());
            assertTrue(none.getMessage().contains("md.site.<name>=host:port"), none.getMessage());
            for (String bad : List.of("", "-x", "a b", "lyon,nice", "@lyon", "x".repeat(65))) {
                MdmException e = assertThrows(MdmException.class, () -> sites.add(bad, new Endpoint("localhost", 1)), bad);
                assertTrue(e.getMessage().contains("is not a site name"), e.getMessage());
            }
            sites.add("lyon", new Endpoint("localhost", 1));
            sites.add("nice.fr_2", new Endpoint("localhost", 2));
            sites.add("lyon", new Endpoint("localhost", 3)); // moved
            assertEquals("{lyon=localhost:3, nice.fr_2=localhost:2}", sites.list().toString());
            MdmException unknown = assertThrows(MdmException.class, () -> sites.run("pwd", Set.of("rome", "lyon"),
                    (s, v) -> { }));
            assertEquals("no such site: rome (sites: lyon, nice.fr_2)", unknown.getMessage());
            assertTrue(sites.remove("lyon"));
            assertFalse(sites.remove("lyon"));
        }
    }
}
