package org.mdm.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.mdm.catalog.NsEntry;
import org.mdm.hydra.protocol.AclDocument;
import org.mdm.security.testpki.TestPki;

/**
 * {@code mdm acl}, one grant for every component, against a real {@code mdm serve} (Orthanc,
 * three key servers, GridFTP and SRM doors): the grant/revoke matrix of a DN, a VOMS group, a
 * group with a role and a whole VO over a study, a series and one image, each read through
 * GridFTP (globus-url-copy), SRM (gfal-copy) and the key servers (mdm cp, which decrypts);
 * default entries reaching images registered later; a non-owner refused; and a grant rolled
 * back whole when a key server is down.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OneGrantTest {
    private static final TestPki PKI = KeyServerTrio.PKI;
    private static final String BOB = TestPki.colleagueDn("Bob Colleague");

    private Path home;
    private KeyServerTrio keys;
    private OrthancServer orthanc;
    private ServeProcess serve;
    private List<String> site;
    private GrantReaders read;
    private Path owner;
    private Path bob;
    private Path doctor;
    private Path nurse;
    private Path member;
    /** Registered images by study sample: A (3), B (2), C (3), D (2), E (1), F (2). */
    private Map<String, List<String>> studies;

    @BeforeAll
    void registerSixStudies() throws Exception {
        home = Files.createTempDirectory("one-grant");
        owner = PKI.proxy();
        bob = PKI.colleagueProxy("Bob Colleague", List.of());
        doctor = PKI.colleagueProxy("Doc Radiologist", List.of("/biomed/Role=NULL", "/biomed/rad/Role=doctor"));
        nurse = PKI.colleagueProxy("Nurse Rad", List.of("/biomed/Role=NULL", "/biomed/rad"));
        member = PKI.colleagueProxy("Carol Member", List.of("/biomed/Role=NULL"));
        keys = new KeyServerTrio(home.resolve("keys"));
        orthanc = OrthancServer.start();
        site = new ArrayList<>(RegistrationSites.options(home, "spool", keys, orthanc));
        site.addAll(List.of("-D", "se.mount.mdm.pfn=dicom://" + orthanc.aet() + "@127.0.0.1:" + orthanc.dicomPort()
                + "/{study}/{series}/{sop}?transform=deid", "-D", "dicom.move.scp.port=0",
                "-D", "se.access=dn:" + PKI.userDn() + ",dn:" + BOB + ",vo:biomed"));
        serve = ServeProcess.start(home, site);
        site.addAll(List.of("-D", "register.surl=srm://localhost:" + serve.srmPort()));
        read = new GrantReaders(serve, site, home);
        studies = new java.util.LinkedHashMap<>();
        int[] sizes = {3, 2, 3, 2, 1, 2};
        for (int i = 0; i < sizes.length; i++) {
            String name = String.valueOf((char) ('A' + i));
            studies.put(name, register(RegistrationSites.SAMPLES.resolve(i % 2 == 0 ? "CT_small.dcm" : "MR_small.dcm"),
                    name, sizes[i]));
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (serve != null) {
            serve.close();
        }
        if (orthanc != null) {
            orthanc.close();
        }
        if (keys != null) {
            keys.close();
        }
        try (Stream<Path> s = Files.walk(home)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Registers {@code n} images of a new study and series made from {@code sample}; their paths. */
    private List<String> register(Path sample, String name, int n) throws Exception {
        Path base = home.resolve("base-" + name + ".dcm");
        if (!Files.exists(base)) {
            Files.copy(sample, base);
            dcmodify("-gst", "-gse", base);
        }
        Path dir = home.resolve("batch-" + name + "-" + System.nanoTime());
        List<Path> files = RegistrationSites.copies(base, dir, n);
        MdmCli register = MdmCli.run(with("register", "--no-progress", dir.toString()));
        assertEquals(0, register.code(), register.out() + register.err());
        List<String> paths = new ArrayList<>();
        for (NsEntry e : RegistrationSites.registeredImages(home)) {
            paths.add(e.path().toString());
        }
        List<String> known = studies == null ? List.of() : studies.values().stream().flatMap(List::stream).toList();
        List<String> added = paths.stream().filter(p -> !known.contains(p)).toList();
        assertEquals(files.size(), added.size(), added.toString());
        return added;
    }

    private static void dcmodify(String a, String b, Path file) throws Exception {
        Process p = new ProcessBuilder("dcmodify", "-q", "-nb", a, b, file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "dcmodify (apt-get install dcmtk): " + out);
    }

    private List<String> with(String... args) {
        List<String> all = new ArrayList<>(site);
        all.addAll(List.of(args));
        return all;
    }

    private static String series(String image) {
        return image.substring(0, image.lastIndexOf('/'));
    }

    private static String study(String image) {
        return series(series(image));
    }

    /** The PATIENT entry of a registered image, as its owner reads it from the metadata service. */
    private String patientOf(String image) throws Exception {
        GrantReaders.Read r = read.metadata(owner, "/mdm/IMAGE/guid:" + guidOf(image), "patient");
        assertTrue(r.ok(), r.said());
        String rows = r.said();
        return "/mdm/PATIENT/" + rows.substring(rows.indexOf(", ") + 2, rows.length() - 1);
    }

    private String guidOf(String image) throws Exception {
        return RegistrationSites.registeredImages(home).stream().filter(e -> e.path().toString().equals(image))
                .findFirst().orElseThrow().guid();
    }

    private MdmCli acl(Path as, String... args) {
        List<String> all = new ArrayList<>(List.of("acl"));
        all.addAll(List.of(args));
        return MdmCli.run(read.as(as, all.toArray(String[]::new)));
    }

    @Test
    @Order(1)
    void aDnGrantedASeriesReadsItEveryWayUntilRevoked() throws Exception {
        List<String> a = studies.get("A");
        String other = studies.get("B").get(0);
        assertTrue(read.all(bob, a.get(0)).none(), "owner-only before the grant");
        MdmCli grant = acl(owner, "set", series(a.get(0)), "dn:" + BOB + ":r");
        assertEquals(0, grant.code(), grant.out() + grant.err());
        assertTrue(grant.out().contains("name space      3 image(s)") && grant.out().contains("3 key(s)")
                && grant.out().contains("metadata        4 entries"), "3 IMAGE entries and the SERIES entry: " + grant.out());
        for (String image : a) {
            GrantReaders.Reads r = read.all(bob, image);
            assertTrue(r.all(), image + "\n" + r);
        }
        assertTrue(read.all(bob, other).none(), "another study stays closed");
        MdmCli get = acl(owner, "get", series(a.get(0)));
        assertTrue(get.out().contains("user:" + BOB + ":r-x"), get.out());
        assertTrue(get.out().startsWith("# file: " + series(a.get(0)) + "\n# owner: " + PKI.userDn() + "\n# group: "),
                "as getfacl: " + get.out());

        String seriesEntry = "/mdm/SERIES/" + series(a.get(0)).substring(series(a.get(0)).lastIndexOf('/') + 1);
        assertTrue(read.metadata(bob, seriesEntry, "modality").ok(), "the series' entry comes with the series");
        String studyEntry = "/mdm/STUDY/" + study(a.get(0)).substring(study(a.get(0)).lastIndexOf('/') + 1);
        assertTrue(read.metadata(owner, studyEntry, "patient").ok(), "the owner reads the study's entry");
        assertFalse(read.metadata(bob, studyEntry, "patient").ok(), "search on the study is not read");
        String imageEntry = "/mdm/IMAGE/guid:" + guidOf(a.get(0));
        assertTrue(read.metadata(owner, imageEntry, "origSOPinsUID").ok(), "the owner reads the hospital's UID");
        assertFalse(read.metadata(bob, imageEntry, "origSOPinsUID").ok(), "protected: not granted with the image");
        String patient = patientOf(a.get(0));
        assertTrue(read.metadata(owner, patient, "name").ok(), "the owner reads the patient's name");
        assertFalse(read.metadata(bob, patient, "name").ok(), "granted the images, not the patient");
        assertEquals(0, acl(owner, "set", patient + ":name", "dn:" + BOB + ":r").code());
        assertTrue(read.metadata(bob, patient, "name").ok(), "one attribute granted on its own");
        assertTrue(read.metadata(owner, patient, "id").ok(), "the owner reads the patient's id");
        assertFalse(read.metadata(bob, patient, "id").ok(), "Bob only the name granted");

        MdmCli revoke = acl(owner, "del", series(a.get(0)), "dn:" + BOB);
        assertEquals(0, revoke.code(), revoke.out() + revoke.err());
        GrantReaders.Reads after = read.all(bob, a.get(1));
        assertTrue(after.none(), "revoked at once at both doors and on the key servers\n" + after);
    }

    @Test
    @Order(2)
    void aGroupGrantedAStudyReadsItAndAVoGrantedASeriesReadsThat() throws Exception {
        List<String> b = studies.get("B");
        MdmCli grant = acl(owner, "set", study(b.get(0)), "g:/biomed/rad:r");
        assertEquals(0, grant.code(), grant.out() + grant.err());
        assertTrue(read.all(nurse, b.get(1)).all(), "a member of /biomed/rad");
        assertTrue(read.all(doctor, b.get(0)).all(), "the group without a role takes every role in it");
        assertTrue(read.all(member, b.get(0)).none(), "a VO member outside the group");

        List<String> d = studies.get("D");
        assertEquals(0, acl(owner, "set", "lfn:" + GrantReaders.LFN_BASE + series(d.get(0)).substring(
                RegistrationSites.BASE.length()), "vo:biomed:r").code());
        assertTrue(read.all(member, d.get(1)).all(), "any member of the VO");
        assertTrue(read.all(bob, d.get(1)).none(), "not a VO member");
    }

    @Test
    @Order(3)
    void aRoleGrantedOneImageReadsThatImageOnly() throws Exception {
        List<String> c = studies.get("C");
        MdmCli grant = acl(owner, "set", c.get(1), "g:/biomed/rad/Role=doctor:r");
        assertEquals(0, grant.code(), grant.out() + grant.err());
        GrantReaders.Reads doc = read.all(doctor, c.get(1));
        assertTrue(doc.all(), doc.toString());
        assertTrue(read.all(nurse, c.get(1)).none(), "the same group without the role");
        assertTrue(read.all(doctor, c.get(0)).none(), "the image beside it");
        assertFalse(read.srm(doctor, series(c.get(1))).ok(), "nor its series' listing");
    }

    @Test
    @Order(4)
    void defaultEntriesReachImagesRegisteredLater() throws Exception {
        List<String> e = studies.get("E");
        MdmCli grant = acl(owner, "set", study(e.get(0)), "d:u:" + BOB + ":r");
        assertEquals(0, grant.code(), grant.out() + grant.err());
        assertTrue(read.all(bob, e.get(0)).none(), "a default grants nothing already there");
        List<String> later = register(null, "E", 1);
        GrantReaders.Reads r = read.all(bob, later.get(0));
        assertTrue(r.all(), "registered after the grant\n" + r);
    }

    @Test
    @Order(5)
    void onlyTheOwnerChangesAnAclAndBadInputChangesNothing() throws Exception {
        String f = studies.get("F").get(0);
        MdmCli byBob = acl(bob, "set", series(f), "dn:" + BOB + ":r");
        assertEquals(1, byBob.code());
        assertTrue(byBob.err().contains("No such file or directory"), "Bob cannot even see it: " + byBob.err());
        for (String[] bad : new String[][] {
            {"set", series(f), "u:" + BOB + ":rwq", "'q' is not a permission"},
            {"set", series(f), "host:example.org:r", "unknown principal type 'host'"},
            {"set", series(f) + "/9.9.9", "dn:" + BOB + ":r", "No such file or directory"},
            {"set", series(f), "No ACL entries given"},
            {"del", series(f), "m::r", "only named users, groups and VOs can be removed"},
        }) {
            MdmCli run = acl(owner, java.util.Arrays.copyOf(bad, bad.length - 1));
            assertEquals(1, run.code(), String.join(" ", bad));
            assertTrue(run.err().contains(bad[bad.length - 1]), run.err());
        }
        assertTrue(read.all(bob, f).none(), "nothing was granted");
    }

    @Test
    @Order(6)
    void aKeyServerDownRollsTheGrantBackEverywhere() throws Exception {
        List<String> f = studies.get("F");
        keys.stop(1);
        MdmCli grant = acl(owner, "set", series(f.get(0)), "dn:" + BOB + ":r");
        assertEquals(1, grant.code(), grant.out());
        assertTrue(grant.err().contains(keys.serverList().split(",")[1].strip()), "names the server: " + grant.err());
        assertFalse(read.gridFtp(bob, f.get(0)).ok(), "the catalogue was rolled back");
        for (String image : f) {
            String keyId = image.substring(image.lastIndexOf('/') + 1);
            for (AclDocument doc : keys.user().getAcl(keyId).values()) {
                assertTrue(doc.acl().stream().noneMatch(e -> e.name().equals(BOB)), "key servers put back: " + doc);
            }
        }
    }
}
