package org.mdm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * One grant in the catalogue ({@link Grants}), judged by the readers' view ({@link
 * CatalogNameSpaceView}): a study of two series of two images, registered as registration does.
 */
abstract class GrantsContract {
    static final String SE = "/C=FR/O=MDM/CN=se.example.org";
    static final String OWNER = "/C=FR/O=MDM/CN=Ann Owner";
    static final String BASE = "/dpm/example.org/home/biomed/mdm";
    static final String STUDY = BASE + "/2.25.1";
    static final String SERIES_A = STUDY + "/2.25.2";
    static final String SERIES_B = STUDY + "/2.25.3";
    static final GridPrincipal ANN = new GridPrincipal(OWNER, List.of("/biomed/Role=NULL/Capability=NULL"));
    static final GridPrincipal BOB = new GridPrincipal("/C=FR/O=MDM/CN=Bob Colleague", List.of());
    static final GridPrincipal DOC = new GridPrincipal("/C=IT/O=X/CN=Doc", List.of("/vo2/Role=NULL/Capability=NULL",
            "/vo2/rad/Role=doctor/Capability=NULL"));
    static final GridPrincipal NURSE = new GridPrincipal("/C=IT/O=X/CN=Nurse", List.of("/vo2/Role=NULL/Capability=NULL",
            "/vo2/rad/Role=NULL/Capability=NULL"));

    /** A fresh, empty catalogue. */
    abstract CatalogDatabase database() throws Exception;

    private final NameSpace ns = new NameSpace();
    private final MetadataCatalogue md = new MetadataCatalogue();
    private final Grants grants = new Grants(path(BASE));
    private CatalogDatabase db;
    private CatalogNameSpaceView view;

    private static NsPath path(String text) {
        try {
            return NsPath.parse(text);
        } catch (MdmException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @BeforeEach
    void registerAStudy() throws Exception {
        db = database();
        view = new CatalogNameSpaceView(db);
        db.inTransaction(c -> {
            ns.mkdirs(c, path(BASE), SE, "biomed", 0755);
            md.addEntry(c, "/mdm/PATIENT", "p1", OWNER, Map.of("name", "DOE^JOHN"));
            int n = 0;
            DirectoryEntries dirs = new DirectoryEntries(path(BASE));
            for (String series : List.of(SERIES_A, SERIES_B)) {
                ns.mkdirs(c, path(series), OWNER, "biomed", 0750);
                dirs.add(c, path(STUDY), OWNER, Map.of("patient", "p1", "date", "20240101"));
                dirs.add(c, path(series), OWNER, Map.of("study", "2.25.1", "modality", "CT", "description", "DOE head"));
                for (String sop : List.of("1", "2")) {
                    String guid = "00000000-0000-0000-0000-00000000000" + n++;
                    NsPath file = path(series + "/2.25." + sop + n);
                    ns.create(c, new NewFile(file, OWNER, "biomed", 0600, 10, "00000001", "file:///x", guid));
                    ns.setStatus(c, file, NsStatus.ONLINE);
                    ns.setAcl(c, file, AclText.parse("u::rw,u:" + SE + ":r,g::0,m::r,o::0"));
                    new FileCatalogue().register(c, path("/grid/biomed/mdm" + file.toString().substring(BASE.length())),
                            new FileCatalogue.Guid(guid, 10, "00000001", OWNER, Instant.now()), "srm://se" + file);
                    md.addEntry(c, "/mdm/IMAGE", "guid:" + guid, OWNER, Map.of("nx", "256", "patient", "p1",
                            "origSOPinsUID", "1.2.3." + n));
                }
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Grants.Change set(String target, String acl, GridPrincipal caller) throws MdmException {
        return set(target, acl, caller, Grants.Scope.RECURSIVE);
    }

    private Grants.Change set(String target, String acl, GridPrincipal caller, Grants.Scope scope) throws MdmException {
        return db.inTransaction(c -> grants.set(c, AclTarget.parse(c, target, path(BASE), path("/grid/biomed/mdm")),
                AclText.parse(acl), caller, scope));
    }

    private Grants.Change del(String target, String acl, GridPrincipal caller) throws MdmException {
        return db.inTransaction(c -> grants.remove(c, AclTarget.parse(c, target, path(BASE),
                path("/grid/biomed/mdm")), AclText.parsePrincipals(acl), caller, Grants.Scope.RECURSIVE));
    }

    private List<String> files(String series) throws MdmException {
        return view.list(series, ANN).stream().map(f -> f.path()).toList();
    }

    private boolean reads(GridPrincipal who, String file) {
        try {
            view.resolve(file, who);
            return true;
        } catch (MdmException e) {
            return false;
        }
    }

    @Test
    void aSeriesGrantReachesItsImagesItsDirectoryTheStudysSearchAndTheMetadata() throws Exception {
        assertFalse(reads(BOB, files(SERIES_A).get(0)), "owner-only before the grant");
        Grants.Change change = set(SERIES_A, "u:" + BOB.dn() + ":r", ANN);
        assertEquals(2, change.files().size());
        assertEquals(2, change.directories(), "the series, and the study for search");
        assertEquals(2, change.logicalNames());
        assertEquals(3, change.metadata(), "the two IMAGE entries and the SERIES entry");
        for (String f : files(SERIES_A)) {
            assertTrue(reads(BOB, f), f);
        }
        assertEquals(2, view.list(SERIES_A, BOB).size(), "r brought x on the series: Bob lists it");
        for (String f : files(SERIES_B)) {
            assertFalse(reads(BOB, f), "the other series stays closed: " + f);
        }
        MdmException study = assertThrows(MdmException.class, () -> view.list(STUDY, BOB));
        assertEquals(Status.AUTHORIZATION_FAILURE, study.status(), "search on the study, not read");
        String guid = change.files().get(0).guid();
        List<AclEntry> mdAcl = db.inTransaction(c -> md.acl(c, "/mdm/IMAGE", "guid:" + guid, MetadataCatalogue.WHOLE_ENTRY));
        assertTrue(Access.rights(OWNER, null, MetadataCatalogue.ENTRY_MODE, mdAcl, BOB) != 0, mdAcl.toString());
        assertTrue(db.inTransaction(c -> md.acl(c, "/mdm/PATIENT", "p1", MetadataCatalogue.WHOLE_ENTRY)).isEmpty(),
                "the PATIENT entry is not granted with the images");
        assertEquals(0700, db.inTransaction(c -> ns.stat(c, path(SERIES_A))).orElseThrow().mode() & 0707,
                "owner and other bits stay");
    }

    @Test
    void aRevocationTakesTheImagesAndTheSearchBack() throws Exception {
        set(SERIES_A, "dn:" + BOB.dn() + ":r", ANN);
        del(SERIES_A, "u:" + BOB.dn(), ANN);
        for (String f : files(SERIES_A)) {
            assertFalse(reads(BOB, f), f);
        }
        List<AclEntry> studyAcl = db.inTransaction(c -> ns.acl(c, path(STUDY)));
        assertTrue(studyAcl.stream().noneMatch(e -> BOB.dn().equals(e.qualifier())), studyAcl.toString());
    }

    @Test
    void oneImageGrantShowsNothingElse() throws Exception {
        String image = files(SERIES_B).get(1);
        set(image, "u:" + BOB.dn() + ":r", ANN);
        assertTrue(reads(BOB, image));
        assertFalse(reads(BOB, files(SERIES_B).get(0)));
        assertThrows(MdmException.class, () -> view.list(SERIES_B, BOB), "x on the series, not r");
        // Revoking a series Bob was never granted keeps his search right for the image he has.
        del(image, "u:" + BOB.dn(), ANN);
        assertFalse(reads(BOB, image));
    }

    @Test
    void lfnAndGuidTargetsNameTheSameImage() throws Exception {
        String image = files(SERIES_A).get(0);
        String lfn = "lfn:/grid/biomed/mdm" + image.substring(BASE.length());
        set(lfn, "u:" + BOB.dn() + ":r", ANN);
        assertTrue(reads(BOB, image));
        String guid = db.inTransaction(c -> ns.stat(c, path(image))).orElseThrow().guid();
        del("guid:" + guid, "u:" + BOB.dn(), ANN);
        assertFalse(reads(BOB, image));
        set("lfn:/grid/biomed/mdm/2.25.1", "u:" + BOB.dn() + ":r", ANN);
        assertTrue(reads(BOB, files(SERIES_B).get(0)), "an LFN directory stands for its name-space directory");
    }

    @Test
    void groupsWithARoleAndWholeVosAreGranted() throws Exception {
        set(SERIES_A, "g:/vo2/rad/Role=doctor:r", ANN);
        assertTrue(reads(DOC, files(SERIES_A).get(0)));
        assertFalse(reads(NURSE, files(SERIES_A).get(0)), "same group, no role");
        set(SERIES_B, "vo:vo2:r", ANN);
        assertTrue(reads(NURSE, files(SERIES_B).get(0)));
        assertFalse(reads(BOB, files(SERIES_B).get(0)));
    }

    @Test
    void onlyTheOwnerOrWhoHoldsControlChangesAnAclAndARefusalChangesNothing() throws Exception {
        set(SERIES_A, "u:" + BOB.dn() + ":r", ANN);
        MdmException e = assertThrows(MdmException.class, () -> set(SERIES_A, "u:" + DOC.dn() + ":r", BOB));
        assertEquals(Status.AUTHORIZATION_FAILURE, e.status());
        assertTrue(e.getMessage().contains("only the owner or who holds c") && e.getMessage().contains(
                "Nothing was changed"), e.getMessage());
        assertFalse(reads(DOC, files(SERIES_A).get(0)));
        set(SERIES_A, "u:" + BOB.dn() + ":rc", ANN);
        Grants.Change byBob = set(SERIES_A, "u:" + DOC.dn() + ":r", BOB);
        assertEquals(2, byBob.files().size(), "a delegate with c grants");
        assertEquals(List.of(STUDY + " is not yours: the grantees need its owner to grant them search (x) on it"),
                byBob.warnings());
        assertFalse(reads(DOC, files(SERIES_A).get(0)), "not before the study's owner lets Doc pass");
        set(STUDY, "u:" + DOC.dn() + ":x", ANN, Grants.Scope.ENTRY);
        assertTrue(reads(DOC, files(SERIES_A).get(0)));
        assertFalse(reads(DOC, files(SERIES_B).get(0)), "x everywhere in the study reads nothing");
    }

    @Test
    void aPathThatDoesNotExistAndOneTheCallerCannotSeeAreTheSame() throws Exception {
        MdmException missing = assertThrows(MdmException.class, () -> set(STUDY + "/9.9.9", "u:" + BOB.dn() + ":r",
                ANN));
        assertEquals(Status.NOT_FOUND, missing.status());
        MdmException hidden = assertThrows(MdmException.class, () -> set(SERIES_A, "u:" + DOC.dn() + ":r", BOB));
        assertEquals(Status.NOT_FOUND, hidden.status(), hidden.getMessage());
        MdmException site = assertThrows(MdmException.class, () -> set(BASE, "u:" + BOB.dn() + ":r", ANN));
        assertTrue(site.getMessage().contains("the site's directory"), site.getMessage());
    }

    @Test
    void defaultsGiveLaterImagesAndSeriesTheirGrant() throws Exception {
        set(STUDY, "d:u:" + BOB.dn() + ":r", ANN);
        assertFalse(reads(BOB, files(SERIES_A).get(0)), "a default grants nothing already there");
        Inheritance inheritance = new Inheritance();
        NsPath newSeries = path(STUDY + "/2.25.9");
        List<AclEntry> defaults = db.inTransaction(c -> inheritance.defaultsAt(c, newSeries));
        assertEquals(List.of(new AclEntry(AclEntry.Tag.USER, BOB.dn(), 5, false)), Inheritance.named(defaults),
                "r on a directory brings x");
        db.inTransaction(c -> {
            ns.mkdirs(c, newSeries, OWNER, "biomed", 0750);
            inheritance.newDirectory(c, newSeries, defaults);
            NsPath file = newSeries.child("2.25.10");
            ns.create(c, new NewFile(file, OWNER, "biomed", 0600, 10, "00000001", "file:///x",
                    "00000000-0000-0000-0000-000000000009"));
            ns.setStatus(c, file, NsStatus.ONLINE);
            ns.setAcl(c, file, Inheritance.newFile(AclText.parse("u::rw,u:" + SE + ":r,g::0,m::r,o::0"),
                    inheritance.defaultsAt(c, newSeries)));
            return null;
        });
        assertTrue(reads(BOB, newSeries + "/2.25.10"));
        assertTrue(db.inTransaction(c -> ns.acl(c, newSeries.child("2.25.10"))).contains(new AclEntry(AclEntry.Tag.USER,
                SE, AclEntry.READ, false)), "the SE keeps its entry");
    }

    @Test
    void aDefaultOnAStudyReachesANewImageInAnExistingSeriesAndGoesWithItsRevocation() throws Exception {
        set(STUDY, "d:u:" + BOB.dn() + ":r", ANN);
        NsPath file = path(SERIES_A + "/2.25.77");
        Inheritance inheritance = new Inheritance();
        db.inTransaction(c -> {
            ns.create(c, new NewFile(file, OWNER, "biomed", 0600, 10, "00000001", "file:///x",
                    "00000000-0000-0000-0000-000000000077"));
            ns.setStatus(c, file, NsStatus.ONLINE);
            ns.setAcl(c, file, Inheritance.newFile(AclText.parse("u::rw,u:" + SE + ":r,g::0,m::r,o::0"),
                    inheritance.defaultsAt(c, file.parent())));
            return null;
        });
        assertTrue(reads(BOB, file.toString()), "the series was made searchable for what its default grants");
        assertFalse(reads(BOB, files(SERIES_A).get(0)));
        del(STUDY, "d:u:" + BOB.dn(), ANN);
        assertTrue(reads(BOB, file.toString()), "removing the default keeps what it granted");
        del(file.toString(), "u:" + BOB.dn(), ANN);
        List<AclEntry> studyAcl = db.inTransaction(c -> ns.acl(c, path(STUDY)));
        assertTrue(studyAcl.stream().noneMatch(e -> BOB.dn().equals(e.qualifier())), studyAcl.toString());
    }

    @Test
    void aPatientAttributeIsGrantedOnItsOwn() throws Exception {
        Grants.Change change = set("/mdm/PATIENT/p1:name", "u:" + BOB.dn() + ":r", ANN);
        assertEquals(1, change.metadata());
        List<AclEntry> acl = db.inTransaction(c -> md.acl(c, "/mdm/PATIENT", "p1", "name"));
        assertEquals(AclEntry.READ, Access.rights(OWNER, null, MetadataCatalogue.ENTRY_MODE, acl, BOB));
        assertEquals(0, Access.rights(OWNER, null, MetadataCatalogue.ENTRY_MODE, acl, DOC));
        MdmException e = assertThrows(MdmException.class, () -> set("/mdm/PATIENT/p1:shoesize", "u:" + BOB.dn()
                + ":r", ANN));
        assertEquals(Status.NOT_FOUND, e.status());
        MdmException notOwner = assertThrows(MdmException.class, () -> set("/mdm/PATIENT/p1:name", "u:" + DOC.dn()
                + ":r", BOB));
        assertEquals(Status.AUTHORIZATION_FAILURE, notOwner.status());
        assertEquals(List.of(new AclEntry(AclEntry.Tag.USER_OBJ, null, 6, false),
                new AclEntry(AclEntry.Tag.USER, BOB.dn(), 4, false),
                new AclEntry(AclEntry.Tag.GROUP_OBJ, null, 0, false),
                new AclEntry(AclEntry.Tag.MASK, null, 4, false),
                new AclEntry(AclEntry.Tag.OTHER, null, 0, false)),
                db.inTransaction(c -> grants.get(c, new AclTarget.Attribute("/mdm/PATIENT", "p1", "name"), ANN)));
    }

    @Test
    void aWholeImageStudyOrSeriesEntryNamesItsImageOrDirectory() throws Exception {
        String image = files(SERIES_A).get(0);
        String guid = db.inTransaction(c -> ns.stat(c, path(image)).orElseThrow().guid());
        Grants.Change byEntry = set("/mdm/IMAGE/guid:" + guid, "u:" + BOB.dn() + ":r", ANN);
        assertEquals(1, byEntry.files().size(), "the image itself, so its key follows too");
        assertTrue(reads(BOB, image), "the image, not only its metadata");
        assertTrue(mayRead(BOB, "/mdm/IMAGE", "guid:" + guid, "nx"));

        Grants.Change series = set("/mdm/SERIES/2.25.3", "u:" + DOC.dn() + ":r", ANN);
        assertEquals(2, series.files().size(), "the series directory and its two images");
        assertTrue(reads(DOC, files(SERIES_B).get(0)));
        Grants.Change study = set("/mdm/STUDY/2.25.1", "u:" + NURSE.dn() + ":r", ANN);
        assertEquals(4, study.files().size(), "the study and its four images");

    }

    @Test
    void aHiddenSeriesEntryLooksMissing() throws Exception {
        MdmException none = assertThrows(MdmException.class, () -> set("/mdm/SERIES/9.9.9", "u:" + BOB.dn() + ":r",
                ANN));
        MdmException hidden = assertThrows(MdmException.class, () -> set("/mdm/SERIES/2.25.3", "u:" + BOB.dn() + ":r",
                BOB));
        assertEquals(Status.NOT_FOUND, none.status());
        assertEquals(none.getMessage().replace("9.9.9", "2.25.3"), hidden.getMessage(), "hidden reads as missing");
        MdmException image = assertThrows(MdmException.class, () -> set("guid:00000000-0000-0000-0000-000000000001",
                "u:" + BOB.dn() + ":r", BOB));
        assertFalse(image.getMessage().contains(BASE), "a hidden image's path is not shown: " + image.getMessage());
    }

    @Test
    void aHiddenMetadataEntryOrAnUnknownAttributeLooksMissingToAclGet() throws Exception {
        MdmException missing = assertThrows(MdmException.class, () -> db.inTransaction(c -> grants.get(c,
                new AclTarget.Attribute("/mdm/PATIENT", "p9", "name"), BOB)));
        MdmException hidden = assertThrows(MdmException.class, () -> db.inTransaction(c -> grants.get(c,
                new AclTarget.Attribute("/mdm/PATIENT", "p1", "name"), BOB)));
        assertEquals(Status.NOT_FOUND, hidden.status());
        assertEquals(missing.getMessage().replace("p9", "p1"), hidden.getMessage());
        MdmException changeHidden = assertThrows(MdmException.class, () -> set("/mdm/PATIENT/p1:name",
                "u:" + BOB.dn() + ":r", BOB));
        assertEquals(hidden.getMessage(), changeHidden.getMessage(), "nor may it be changed, as if missing");
        MdmException attr = assertThrows(MdmException.class, () -> db.inTransaction(c -> grants.get(c,
                new AclTarget.Attribute("/mdm/PATIENT", "p1", "shoesize"), ANN)));
        assertTrue(attr.getMessage().contains("has no attribute 'shoesize'"), attr.getMessage());
        Grants.Held patient = db.inTransaction(c -> grants.held(c, new AclTarget.Attribute("/mdm/PATIENT", "p1", "name"),
                ANN));
        assertEquals(OWNER, patient.ownerDn());
        assertEquals(null, patient.group(), "metadata has no owning group");
        Grants.Held series = db.inTransaction(c -> grants.held(c, new AclTarget.Entry(path(SERIES_A)), ANN));
        assertEquals(List.of(OWNER, "biomed"), List.of(series.ownerDn(), series.group()), "as getfacl's header");
    }

    @Test
    void defaultsOnAnImageAreRefusedAndARevocationOfNothingSaysSo() throws Exception {
        String image = files(SERIES_A).get(0);
        List<AclEntry> before = db.inTransaction(c -> ns.acl(c, path(image)));
        MdmException e = assertThrows(MdmException.class, () -> set(image, "d:u:" + BOB.dn() + ":r", ANN));
        assertEquals(Status.INVALID_REQUEST, e.status());
        assertTrue(e.getMessage().contains("is an image"), e.getMessage());
        assertEquals(before, db.inTransaction(c -> ns.acl(c, path(image))), "nothing changed");

        Grants.Change nothing = del(SERIES_A, "u:" + BOB.dn(), ANN);
        assertEquals(List.of("Nothing to revoke on " + SERIES_A + ": none of the entries named was there."),
                nothing.warnings());
        set(SERIES_A, "u:" + BOB.dn() + ":r", ANN);
        assertTrue(set(SERIES_A, "u:" + BOB.dn() + ":r", ANN).warnings().contains("Nothing changed on " + SERIES_A
                + ": it already had these entries."));
    }

    private boolean mayRead(GridPrincipal who, String dir, String entry, String attr) throws MdmException {
        return db.inTransaction(c -> new MetadataAccess(who).mayRead(c, dir, entry, OWNER, attr));
    }

    private boolean maySee(GridPrincipal who, String dir, String entry) throws MdmException {
        return db.inTransaction(c -> new MetadataAccess(who).maySee(c, dir, entry, OWNER));
    }

    @Test
    void directoryGrantsReachStudyAndSeriesEntriesButNoProtectedAttribute() throws Exception {
        assertFalse(maySee(BOB, "/mdm/SERIES", "2.25.2"), "owner-only before the grant");
        Grants.Change change = set(SERIES_A, "u:" + BOB.dn() + ":r", ANN);
        String guid = "guid:" + change.files().get(0).guid();
        assertTrue(mayRead(BOB, "/mdm/SERIES", "2.25.2", "modality"));
        assertFalse(mayRead(BOB, "/mdm/SERIES", "2.25.2", "description"), "a description is protected");
        assertFalse(maySee(BOB, "/mdm/SERIES", "2.25.3"), "the other series");
        assertFalse(maySee(BOB, "/mdm/STUDY", "2.25.1"), "search on the study is not read");
        assertTrue(mayRead(BOB, "/mdm/IMAGE", guid, "nx"));
        assertFalse(mayRead(BOB, "/mdm/IMAGE", guid, "origSOPinsUID"), "the hospital's UID is protected");
        assertTrue(mayRead(ANN, "/mdm/IMAGE", guid, "origSOPinsUID"), "its owner reads it");

        set(STUDY, "g:/vo2/rad/Role=doctor:r", ANN);
        assertTrue(mayRead(DOC, "/mdm/STUDY", "2.25.1", "patient"));
        assertFalse(mayRead(DOC, "/mdm/STUDY", "2.25.1", "date"), "the study's date is protected");
        assertFalse(maySee(NURSE, "/mdm/STUDY", "2.25.1"), "no role, no grant");

        Grants.Change whole = set("/mdm/PATIENT/p1", "u:" + BOB.dn() + ":r", ANN);
        assertTrue(whole.warnings().get(0).contains("/mdm/PATIENT/p1:"), whole.warnings().toString());
        assertFalse(maySee(BOB, "/mdm/PATIENT", "p1"), "a whole-entry grant reaches no protected attribute");
        List<AclEntry> nameAcl = db.inTransaction(c -> grants.get(c, new AclTarget.Attribute("/mdm/PATIENT", "p1",
                "name"), ANN));
        assertTrue(nameAcl.stream().noneMatch(e -> e.tag() == AclEntry.Tag.USER), "mdm acl get: owner-only " + nameAcl);
        set("/mdm/PATIENT/p1:name", "u:" + BOB.dn() + ":r", ANN);
        assertTrue(mayRead(BOB, "/mdm/PATIENT", "p1", "name"));
        assertFalse(mayRead(BOB, "/mdm/PATIENT", "p1", "id"));

        del(SERIES_A, "u:" + BOB.dn(), ANN);
        assertFalse(maySee(BOB, "/mdm/SERIES", "2.25.2"), "revoked with the directory");
        assertFalse(maySee(BOB, "/mdm/IMAGE", guid));
    }
}
