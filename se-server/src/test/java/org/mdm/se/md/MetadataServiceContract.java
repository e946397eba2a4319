package org.mdm.se.md;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.query.QueryLimits;
import org.mdm.security.testpki.TestPki;

/**
 * The metadata service over real TLS with the test PKI's proxies: AMGA's handshake and framing,
 * every command, the rights filter (owner, grantee of the images, grantee of one attribute,
 * nobody), and bad input. Runs on H2 and on PostgreSQL.
 */
abstract class MetadataServiceContract {
    static final int IMAGES = 30;

    abstract CatalogDatabase database() throws Exception;

    MdFixture md;
    Path owner;
    Path bob;

    @BeforeEach
    void start() throws Exception {
        md = new MdFixture(database(), IMAGES, new QueryLimits(1000, Duration.ofSeconds(30)));
        owner = MdFixture.PKI.proxy();
        bob = MdFixture.PKI.colleagueProxy("Bob Colleague", List.of());
    }

    @AfterEach
    void stop() throws Exception {
        md.close();
    }

    @Test
    void greetsAsAmgaAndRefusesPlainSessions() throws Exception {
        try (AmgaWire w = AmgaWire.greeted(md.door.port())) {
            assertTrue(w.greeting.get(0).startsWith("MDM metadata service"), w.greeting.toString());
            assertEquals("Protocol 3", w.greeting.get(1));
            assertEquals("ssl", w.greeting.get(2));
            w.send("plain\n\n");
            assertTrue(w.line().startsWith("4 Plain sessions are refused"));
            assertTrue(w.closedByService());
        }
        try (AmgaWire w = AmgaWire.greeted(md.door.port())) {
            w.send("getattr /mdm/PATIENT/" + MdFixture.PATIENT + " name\n");
            assertTrue(w.line().startsWith("8 Unknown authentication mode"), "a command before authentication");
            assertTrue(w.closedByService());
        }
    }

    @Test
    void theOwnerReadsEveryCommandsRows() throws Exception {
        try (AmgaWire w = md.session(owner)) {
            assertEquals(List.of("/"), w.command("pwd").rows());
            assertEquals(List.of("mdm", "collection"), w.command("dir").rows());
            assertTrue(w.command("cd /mdm").ok());
            assertEquals(List.of("IMAGE", "PATIENT", "SERIES", "STUDY"), w.command("ls").rows());
            assertEquals(MdFixture.PKI.userDn(), w.command("whoami").rows().get(0));
            List<String> attrs = w.command("listattr IMAGE").rows();
            assertTrue(attrs.contains("nx") && attrs.get(attrs.indexOf("nx") + 1).equals("int"), attrs.toString());
            assertEquals(List.of(MdFixture.PATIENT, "DOE^JOHN"), w.command("getattr /mdm/PATIENT/" + MdFixture.PATIENT
                    + " name").rows());
            assertEquals(List.of("guid:00000000-0000-0000-0000-000000000001", "512", "256", "2.25.1001"),
                    w.command("getattr /mdm/IMAGE/guid:00000000-0000-0000-0000-000000000001 nx ny SOPinsUID").rows());
            assertEquals(List.of("guid:00000000-0000-0000-0000-000000000001", "1.2.840.99.1"),
                    w.command("getattr /mdm/IMAGE/guid:00000000-0000-0000-0000-000000000001 origSOPinsUID").rows(),
                    "the owner reads the protected attribute");
            assertEquals(IMAGES * 2, w.command("getattr /mdm/IMAGE/guid:0* nx").rows().size(), "a glob");
            assertEquals(IMAGES, w.command("listentries /mdm/IMAGE").rows().size(), "not the other owner's");
            AmgaWire.Answer big = w.command("selectattr /mdm/IMAGE:SOPinsUID '/mdm/IMAGE:modality=\\'CT\\' and"
                    + " /mdm/IMAGE:nx>256'");
            assertEquals(10, big.rows().size(), big.rows().toString()); // odd i (nx 512) not divisible by 3
            AmgaWire.Answer joined = w.command("selectattr /mdm/IMAGE:SOPinsUID /mdm/PATIENT:name"
                    + " '/mdm/IMAGE:patient=/mdm/PATIENT:FILE and /mdm/PATIENT:name like \\'DOE%\\''");
            assertEquals(IMAGES * 2, joined.rows().size());
            assertEquals("DOE^JOHN", joined.rows().get(1));
            assertEquals(IMAGES / 3, w.command("find IMAGE 'modality=\\'MR\\''").rows().size());
            assertTrue(w.command("exit").ok());
            assertTrue(w.closedByService());
        }
    }

    @Test
    void whatIsNotGrantedLooksLikeWhatDoesNotExist() throws Exception {
        try (AmgaWire w = md.session(bob)) {
            assertEquals(List.of(), w.command("getattr /mdm/PATIENT/" + MdFixture.PATIENT + " name").rows());
            assertEquals(List.of(), w.command("getattr /mdm/PATIENT/ffffffffffffffffffffffffffffffff name").rows());
            assertEquals(List.of(), w.command("listentries /mdm/IMAGE").rows());
            assertEquals(List.of(), w.command("selectattr /mdm/IMAGE:nx 'nx>0'").rows());
        }
        md.grant("/mdm/IMAGE/" + MdFixture.guid(3), "u:" + TestPki.colleagueDn("Bob Colleague") + ":r");
        md.grant("/mdm/IMAGE/" + MdFixture.guid(4), "u:" + TestPki.colleagueDn("Bob Colleague") + ":r");
        try (AmgaWire w = md.session(bob)) {
            assertEquals(List.of(MdFixture.guid(3), MdFixture.guid(4)), w.command("listentries /mdm/IMAGE").rows());
            assertEquals(List.of("512", "256"), w.command("selectattr /mdm/IMAGE:nx 'nx>0'").rows());
            assertEquals(List.of(), w.command("getattr /mdm/PATIENT/" + MdFixture.PATIENT + " name").rows(),
                    "the images, not the patient");
            assertEquals(List.of(), w.command("selectattr /mdm/IMAGE:nx '/mdm/IMAGE:patient=/mdm/PATIENT:FILE and"
                    + " /mdm/PATIENT:name=\\'DOE^JOHN\\''").rows(), "no condition on a hidden attribute");
            assertEquals(List.of(), w.command("getattr /mdm/IMAGE/" + MdFixture.guid(3) + " origSOPinsUID").rows(),
                    "a protected attribute does not come with the image");
            assertEquals(List.of(), w.command("selectattr /mdm/IMAGE:nx 'origSOPinsUID like \\'1.2.840.%\\''").rows(),
                    "nor can a condition look at it");
        }
        md.grant("/mdm/PATIENT/" + MdFixture.PATIENT + ":name", "u:" + TestPki.colleagueDn("Bob Colleague") + ":r");
        try (AmgaWire w = md.session(bob)) {
            assertEquals(List.of(MdFixture.PATIENT, "DOE^JOHN"), w.command("getattr /mdm/PATIENT/" + MdFixture.PATIENT
                    + " name").rows());
            assertEquals(List.of(), w.command("getattr /mdm/PATIENT/" + MdFixture.PATIENT + " sex").rows(),
                    "one attribute granted, not the others");
            assertEquals(4, w.command("selectattr /mdm/IMAGE:nx /mdm/PATIENT:name '/mdm/IMAGE:patient="
                    + "/mdm/PATIENT:FILE'").rows().size());
        }
    }

    @Test
    void ownersChangeValuesAndSqlInValuesIsJustText() throws Exception {
        String nasty = "x'; drop table md_value; --";
        String image = "/mdm/IMAGE/" + MdFixture.guid(2);
        try (AmgaWire w = md.session(owner)) {
            assertTrue(w.command("setattr " + image + " modality '" + nasty.replace("'", "\\'") + "'").ok());
            assertEquals(List.of(MdFixture.guid(2), nasty), w.command("getattr " + image + " modality").rows());
            assertEquals(List.of(MdFixture.guid(2)), w.command("find /mdm/IMAGE 'modality=\\'"
                    + nasty.replace("'", "\\\\\\'") + "\\''").rows());
            assertEquals(List.of(), w.command("find /mdm/IMAGE 'modality=\\'\\\\\\' or 1=1 --\\''").rows());
            assertTrue(w.command("clearattr " + image + " modality").ok());
            assertEquals(List.of(MdFixture.guid(2), ""), w.command("getattr " + image + " modality").rows());
            assertEquals(8, w.command("setattr " + image + " nx notanumber").code());
            assertTrue(w.command("addattr /mdm/IMAGE slice float").ok(), "the test user is an md admin");
        }
        try (AmgaWire w = md.session(bob)) {
            assertEquals(1, w.command("setattr " + image + " nx 1").code(), "Bob cannot see it");
            assertEquals(4, w.command("addattr /mdm/IMAGE other varchar").code());
        }
        md.grant(image, "u:" + TestPki.colleagueDn("Bob Colleague") + ":r");
        try (AmgaWire w = md.session(bob)) {
            AmgaWire.Answer denied = w.command("setattr " + image + " nx 1");
            assertEquals(4, denied.code(), denied.status());
        }
    }

    @Test
    void badInputGetsAClearErrorAndTheSessionGoesOn() throws Exception {
        try (AmgaWire w = md.session(owner)) {
            AmgaWire.Answer unknown = w.command("rmdir /mdm");
            assertEquals(9, unknown.code());
            assertTrue(unknown.status().contains("Unknown command 'rmdir'"), unknown.status());
            AmgaWire.Answer malformed = w.command("selectattr /mdm/IMAGE:nx 'nx >> 3'");
            assertEquals(8, malformed.code(), malformed.status());
            assertEquals(8, w.command("selectattr /mdm/IMAGE:nx 'nx=1").code(), "an open quote");
            assertEquals(8, w.command("getattr /mdm/IMAGE/" + MdFixture.guid(1) + " shoesize").code());
            assertEquals(1, w.command("cd /nowhere").code());
            w.send("\u0001\u0002garbage\u007f\n");
            assertEquals(9, w.answer().code());
            assertTrue(w.command("pwd").ok(), "the session goes on");
            w.send("getattr " + "x".repeat(70 * 1024) + "\n");
            assertEquals(8, w.answer().code(), "an over-long line");
            assertTrue(w.closedByService());
        }
    }

    @Test
    void aBoundedAnswerEndsWithAnErrorAfterItsRows() throws Exception {
        md.close();
        md = new MdFixture(database(), 50, new QueryLimits(20, Duration.ofSeconds(30)));
        try (AmgaWire w = md.session(owner)) {
            AmgaWire.Answer a = w.command("selectattr /mdm/IMAGE:nx ''");
            assertEquals("0", a.status());
            assertEquals(20, a.rows().size());
            assertEquals(18, a.code(), a.nak());
            assertTrue(a.nak().contains("narrow"), a.nak());
            assertTrue(w.closedByService(), "no partial answer is taken for a whole one");
        }
        md.close();
        md = new MdFixture(database(), 3000, new QueryLimits(100_000, Duration.ofMillis(1)));
        try (AmgaWire w = md.session(owner)) {
            assertEquals(17, w.command("selectattr /mdm/IMAGE:nx /mdm/IMAGE:ny ''").code(), "a timeout");
        }
        assertFalse(md.door.port() == 0);
    }

    @Test
    void stoppingTheServiceEndsItsSessions() throws Exception {
        try (AmgaWire w = md.session(owner)) {
            assertTrue(w.command("pwd").ok());
            md.door.close();
            assertTrue(w.closedByService(), "an idle session is not left open by a stopped service");
        }
    }
}
