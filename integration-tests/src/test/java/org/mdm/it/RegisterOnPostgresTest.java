package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.testing.PostgresServer;

/**
 * Registration with the catalogue in a real PostgreSQL server (catalog.jdbc.url), as a site that
 * outgrew the embedded database runs it; and a DICOM server that is down during registration
 * leaves no key and no entry behind.
 */
class RegisterOnPostgresTest {

    @Test
    void aDirectoryIsRegisteredIntoPostgresqlOnceAndForAll(@TempDir Path home) throws Exception {
        RegistrationSites.copies(RegistrationSites.SAMPLES.resolve("CT_small.dcm"), home.resolve("in"), 6);
        try (PostgresServer pg = PostgresServer.start(); KeyServerTrio keys = new KeyServerTrio(home.resolve("keys"));
                OrthancServer orthanc = OrthancServer.start()) {
            String url = pg.createDatabase("mdm_catalog") + "?user=" + PostgresServer.SUPERUSER; // credentials in the URL
            List<String> site = new ArrayList<>(RegistrationSites.options(home, "spool", keys, orthanc));
            site.addAll(List.of("-D", "catalog.jdbc.url=" + url));
            MdmCli first = MdmCli.run(with(site, "register", home.resolve("in").toString()));
            assertEquals(0, first.code(), first.err());
            assertEquals(6, first.out().lines().filter(l -> l.startsWith("registered ")).count(), first.out());
            MdmCli again = MdmCli.run(with(site, "register", home.resolve("in").toString()));
            assertEquals(6, again.out().lines().filter(l -> l.startsWith("already registered ")).count(), again.out());
            String study = MdmCli.run(with(site, "ls", RegistrationSites.BASE)).out().trim().replace("/", "");
            String series = MdmCli.run(with(site, "ls", RegistrationSites.BASE + "/" + study)).out().trim()
                    .replace("/", "");
            MdmCli ls = MdmCli.run(with(site, "ls", "-l", RegistrationSites.BASE + "/" + study + "/" + series));
            assertEquals(6, ls.out().lines().filter(l -> l.startsWith("-rw------- online")).count(), ls.out());
            assertTrue(!home.resolve("catalog").toFile().exists(), "no embedded catalogue was made");

            // One grant on PostgreSQL: the catalogue's entries and the six keys on the three servers.
            String bob = org.mdm.security.testpki.TestPki.colleagueDn("Bob Colleague");
            MdmCli grant = MdmCli.run(with(site, "acl", "set", study + "/" + series, "dn:" + bob + ":r"));
            assertEquals(0, grant.code(), grant.out() + grant.err());
            assertTrue(grant.out().contains("6 image(s)") && grant.out().contains("6 key(s)"), grant.out());
            MdmCli get = MdmCli.run(with(site, "acl", "get", study + "/" + series));
            assertTrue(get.out().contains("user:" + bob + ":r-x"), get.out());
            MdmCli granted = MdmCli.run(with(site, "ls", "-l", RegistrationSites.BASE + "/" + study + "/" + series));
            assertEquals(6, granted.out().lines().filter(l -> l.startsWith("-rw-r----- online")).count(),
                    "the mode shows the mask: " + granted.out());
            String key = granted.out().lines().findFirst().orElseThrow().replaceFirst(".* ", "");
            for (var doc : keys.user().getAcl(key).values()) {
                assertTrue(doc.acl().stream().anyMatch(e -> e.name().equals(bob)), "on every key server: " + doc);
            }
        }
    }

    @Test
    void aDicomServerThatIsDownLeavesNoKeyAndNoEntry(@TempDir Path home) throws Exception {
        Path ct = RegistrationSites.copies(RegistrationSites.SAMPLES.resolve("CT_small.dcm"), home.resolve("in"), 1)
                .get(0);
        try (KeyServerTrio keys = new KeyServerTrio(home.resolve("keys")); OrthancServer orthanc = OrthancServer.start()) {
            List<String> site = new ArrayList<>(RegistrationSites.options(home, "spool", keys, orthanc));
            int closed = OrthancServer.freePort(); // nothing listens there
            site.addAll(List.of("-D", "register.server=" + orthanc.aet() + "@127.0.0.1:" + closed));
            MdmCli down = MdmCli.run(with(site, "register", ct.toString()));
            assertEquals(1, down.code(), down.out());
            assertTrue(down.err().contains(ct.toString()) && down.err().contains("127.0.0.1:" + closed), down.err());
            assertEquals("", MdmCli.run(with(site, "ls", RegistrationSites.BASE)).out(), "no catalogue entry");
            String sop = Part10Bytes.parseWithPixelMed(java.nio.file.Files.readAllBytes(ct));
            String id = MdmCli.run(with(site, "eds", "keyid", sop)).out().trim();
            MdmException gone = assertThrows(MdmException.class, () -> keys.user().fetch(id));
            assertEquals(Status.NOT_FOUND, gone.status(), "no share of its key remains: " + gone.getMessage());
        }
    }

    private static List<String> with(List<String> site, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(site);
        return all;
    }
}
