package org.mdm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/** What every catalogue database must do (name space, file catalogue, metadata): run on H2 and on PostgreSQL. */
abstract class CatalogContract {
    static final String OWNER = "/C=FR/O=MDM/OU=users/CN=Ann Owner";
    static final String SERIES = "/dpm/example.org/home/biomed/mdm/2.25.1/2.25.2";

    /** A fresh, empty catalogue. */
    abstract CatalogDatabase database() throws Exception;

    private final NameSpace ns = new NameSpace();

    private static NsPath p(String text) throws MdmException {
        return NsPath.parse(text);
    }

    private static NewFile file(String path) throws MdmException {
        return new NewFile(p(path), OWNER, "biomed", 0640, 34870, "3b24b43f",
                "dicom://ORTHANC@127.0.0.1:4242/1.2.3/4.5.6/7.8.9?transform=deid", "6f1c2d9e-0b7a-4f7e-9d1a-1e2f3a4b5c6d");
    }

    @Test
    void directoriesAreMadeOnceWithTheirAncestors() throws Exception {
        try (CatalogDatabase db = database()) {
            long first = db.inTransaction(c -> ns.mkdirs(c, p(SERIES), OWNER, "biomed", 0755));
            long again = db.inTransaction(c -> ns.mkdirs(c, p(SERIES), "/CN=someone else", "x", 0700));
            assertEquals(first, again, "an existing directory is kept");
            NsEntry series = db.inTransaction(c -> ns.stat(c, p(SERIES))).orElseThrow();
            assertTrue(series.directory());
            assertEquals(OWNER, series.ownerDn());
            assertEquals(0755, series.mode());
            List<NsEntry> top = db.inTransaction(c -> ns.list(c, NsPath.ROOT));
            assertEquals(List.of("/dpm"), top.stream().map(e -> e.path().toString()).toList());
        }
    }

    @Test
    void aFileIsRegisteringUntilOnlineAndKeepsItsExactSizeAndChecksum() throws Exception {
        try (CatalogDatabase db = database()) {
            String path = SERIES + "/2.25.3";
            db.inTransaction(c -> {
                ns.mkdirs(c, p(SERIES), OWNER, "biomed", 0755);
                ns.create(c, file(path));
                return null;
            });
            NsEntry registering = db.inTransaction(c -> ns.stat(c, p(path))).orElseThrow();
            assertEquals(NsStatus.REGISTERING, registering.status());
            db.inTransaction(c -> {
                ns.setStatus(c, p(path), NsStatus.ONLINE);
                return null;
            });
            NsEntry online = db.inTransaction(c -> ns.stat(c, p(path))).orElseThrow();
            assertEquals(NsStatus.ONLINE, online.status());
            assertFalse(online.directory());
            assertEquals(34870, online.size());
            assertEquals("3b24b43f", online.adler32());
            assertTrue(online.pfn().startsWith("dicom://"), online.pfn());
            assertEquals(36, online.guid().length());
            assertEquals(0640, online.mode());
        }
    }

    @Test
    void listingsGiveTheChildrenByName() throws Exception {
        try (CatalogDatabase db = database()) {
            db.inTransaction(c -> {
                ns.mkdirs(c, p(SERIES), OWNER, "biomed", 0755);
                for (String sop : List.of("2.25.30", "2.25.10", "2.25.20")) {
                    ns.create(c, file(SERIES + "/" + sop));
                }
                ns.mkdirs(c, p(SERIES + "/2.25.99/deeper"), OWNER, "biomed", 0755);
                return null;
            });
            List<String> names = db.inTransaction(c -> ns.list(c, p(SERIES))).stream().map(e -> e.path().name())
                    .toList();
            assertEquals(List.of("2.25.10", "2.25.20", "2.25.30", "2.25.99"), names, "children only, by name");
            MdmException file = assertThrows(MdmException.class,
                    () -> db.inTransaction(c -> ns.list(c, p(SERIES + "/2.25.10"))));
            assertEquals(Status.INVALID_PATH, file.status());
            MdmException missing = assertThrows(MdmException.class,
                    () -> db.inTransaction(c -> ns.list(c, p(SERIES + "/nope"))));
            assertEquals(Status.NOT_FOUND, missing.status());
        }
    }

    @Test
    void badCreationsAreRefusedAndChangeNothing() throws Exception {
        try (CatalogDatabase db = database()) {
            String path = SERIES + "/2.25.3";
            MdmException noDir = assertThrows(MdmException.class, () -> db.inTransaction(c -> {
                ns.create(c, file(path));
                return null;
            }));
            assertEquals(Status.NOT_FOUND, noDir.status(), noDir.getMessage());
            db.inTransaction(c -> {
                ns.mkdirs(c, p(SERIES), OWNER, "biomed", 0755);
                ns.create(c, file(path));
                return null;
            });
            MdmException twice = assertThrows(MdmException.class, () -> db.inTransaction(c -> {
                ns.create(c, file(path));
                return null;
            }));
            assertEquals(Status.ALREADY_EXISTS, twice.status());
            MdmException underFile = assertThrows(MdmException.class,
                    () -> db.inTransaction(c -> ns.mkdirs(c, p(path + "/x"), OWNER, "biomed", 0755)));
            assertEquals(Status.INVALID_PATH, underFile.status());
            MdmException notEmpty = assertThrows(MdmException.class,
                    () -> db.inTransaction(c -> ns.remove(c, p(SERIES))));
            assertEquals(Status.INVALID_REQUEST, notEmpty.status());
            boolean removed = db.inTransaction(c -> ns.remove(c, p(path)));
            boolean again = db.inTransaction(c -> ns.remove(c, p(path)));
            boolean series = db.inTransaction(c -> ns.remove(c, p(SERIES)));
            assertTrue(removed);
            assertFalse(again, "nothing left to remove");
            assertTrue(series, "empty now");
        }
    }

    @Test
    void twoTransactionsMakingTheSameNewDirectoryBothSucceedWithOneRow() throws Exception {
        try (CatalogDatabase db = database()) {
            CountDownLatch firstInserted = new CountDownLatch(1);
            CountDownLatch secondInserting = new CountDownLatch(1);
            ExecutorService first = Executors.newSingleThreadExecutor();
            ExecutorService second = Executors.newSingleThreadExecutor();
            try {
                Future<Long> a = first.submit(() -> db.inTransaction(c -> {
                    long id = ns.mkdirs(c, p(SERIES), OWNER, "biomed", 0755);
                    firstInserted.countDown();
                    await(secondInserting); // commit only once the other has looked and found nothing
                    return id;
                }));
                firstInserted.await();
                // The second has found no directory (the first's rows are not committed) and inserts
                // its own: its insert meets the first's row, before or after that commits.
                Future<Long> b = second.submit(() -> db.inTransaction(c ->
                        ns.mkdirs(signalOnInsert(c, secondInserting), p(SERIES), OWNER, "biomed", 0755)));
                assertEquals(a.get(), b.get(), "the same directory");
                List<NsEntry> top = db.inTransaction(c -> ns.list(c, NsPath.ROOT));
                assertEquals(List.of("/dpm"), top.stream().map(e -> e.path().toString()).toList());
            } finally {
                first.shutdownNow();
                second.shutdownNow();
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The connection, counting down {@code latch} when an INSERT is prepared on it. */
    private static Connection signalOnInsert(Connection c, CountDownLatch latch) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args[0].toString().startsWith("INSERT")) {
                        latch.countDown();
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void aTransactionThatFailsLeavesNothingBehind() throws Exception {
        try (CatalogDatabase db = database()) {
            MdmException e = assertThrows(MdmException.class, () -> db.inTransaction(c -> {
                ns.mkdirs(c, p(SERIES), OWNER, "biomed", 0755);
                ns.create(c, file(SERIES + "/2.25.3"));
                throw new MdmException(Status.PEER_UNAVAILABLE, "a later step failed");
            }));
            assertEquals(Status.PEER_UNAVAILABLE, e.status());
            assertTrue(db.inTransaction(c -> ns.stat(c, p("/dpm"))).isEmpty(), "no directory, no file");
        }
    }

    private final FileCatalogue fc = new FileCatalogue();
    private final MetadataCatalogue md = new MetadataCatalogue();
    private static final String GUID = "6f1c2d9e-0b7a-4f7e-9d1a-1e2f3a4b5c6d";

    @Test
    void aLogicalNameLeadsToItsGuidAndOneReplicaPerSe() throws Exception {
        try (CatalogDatabase db = database()) {
            NsPath lfn = p("/grid/biomed/mdm/2.25.1/2.25.2/2.25.3");
            FileCatalogue.Guid guid = new FileCatalogue.Guid(GUID, 34870, "3b24b43f", OWNER,
                    java.time.Instant.parse("2026-12-06T12:00:00Z"));
            db.inTransaction(c -> {
                fc.register(c, lfn, guid, "srm://se.example.org:8446/dpm/example.org/home/biomed/mdm/2.25.1/2.25.2/2.25.3");
                fc.addReplica(c, GUID, "srm://other.example.org:8446/dpm/other.org/home/biomed/mdm/2.25.3");
                fc.addReplica(c, GUID, "srm://other.example.org:8446/dpm/other.org/home/biomed/mdm/2.25.3");
                return null;
            });
            assertEquals(GUID, db.inTransaction(c -> fc.guidOf(c, lfn)).orElseThrow());
            assertEquals(guid, db.inTransaction(c -> fc.guid(c, GUID)).orElseThrow());
            assertEquals(2, db.inTransaction(c -> fc.replicas(c, GUID)).size(), "one per SE, no duplicate");
            MdmException again = assertThrows(MdmException.class, () -> db.inTransaction(c -> {
                fc.register(c, lfn, guid, "srm://x/y");
                return null;
            }));
            assertEquals(Status.ALREADY_EXISTS, again.status());
            boolean removed = db.inTransaction(c -> fc.remove(c, GUID));
            assertTrue(removed);
            assertTrue(db.inTransaction(c -> fc.guidOf(c, lfn)).isEmpty(), "its logical name went with it");
            assertTrue(db.inTransaction(c -> fc.replicas(c, GUID)).isEmpty(), "and its replicas");
        }
    }

    @Test
    void metadataEntriesHoldTypedValuesAndAreFoundByValue() throws Exception {
        try (CatalogDatabase db = database()) {
            String image = "guid:" + GUID;
            db.inTransaction(c -> {
                md.addEntry(c, "/mdm/IMAGE", image, OWNER, java.util.Map.of("nx", "256", "ny", "256",
                        "SOPinsUID", "2.25.3", "modality", "CT"));
                md.addEntry(c, "/mdm/PATIENT", "0123456789abcdef0123456789abcdef", OWNER,
                        java.util.Map.of("name", "Doe^Jane"));
                return null;
            });
            assertEquals(java.util.Arrays.asList("256", "256", "2.25.3", null), new java.util.ArrayList<>(db.inTransaction(c ->
                    md.getattr(c, "/mdm/IMAGE", image, List.of("nx", "ny", "SOPinsUID", "patient"))).values()));
            assertEquals(List.of(image), db.inTransaction(c -> md.find(c, "/mdm/IMAGE", "modality", "CT")));
            assertTrue(db.inTransaction(c -> md.attributes(c, "/mdm/PATIENT")).containsKey("birthdate"));
            MdmException unknown = assertThrows(MdmException.class, () -> db.inTransaction(c ->
                    md.getattr(c, "/mdm/IMAGE", image, List.of("colour"))));
            assertEquals(Status.INVALID_REQUEST, unknown.status());
            MdmException notInt = assertThrows(MdmException.class, () -> db.inTransaction(c -> {
                md.addEntry(c, "/mdm/IMAGE", "guid:other", OWNER, java.util.Map.of("nx", "Doe^Jane"));
                return null;
            }));
            assertEquals(Status.INVALID_REQUEST, notInt.status());
            assertFalse(notInt.getMessage().contains("Doe"), "a refused value is never repeated: " + notInt.getMessage());
            MdmException twice = assertThrows(MdmException.class, () -> db.inTransaction(c -> {
                md.addEntry(c, "/mdm/IMAGE", image, OWNER, java.util.Map.of());
                return null;
            }));
            assertEquals(Status.ALREADY_EXISTS, twice.status());
            boolean removed = db.inTransaction(c -> md.remove(c, "/mdm/IMAGE", image));
            assertTrue(removed);
            assertTrue(db.inTransaction(c -> md.find(c, "/mdm/IMAGE", "modality", "CT")).isEmpty(), "values went too");
        }
    }

    private final RegistrationJournal journal = new RegistrationJournal();

    @Test
    void theJournalTracksEachRegistrationUntilItEnds() throws Exception {
        try (CatalogDatabase db = database()) {
            NsPath path = p(SERIES + "/2.25.3");
            db.inTransaction(c -> {
                journal.begin(c, "2.25.3", path, "dicom://A@h:104/1.2/3.4/5.6?transform=deid", OWNER, "h/1/1/a");
                journal.begin(c, "2.25.4", p(SERIES + "/2.25.4"), "dicom://A@h:104/1.2/3.4/5.7", OWNER, "h/1/1/a");
                return null;
            });
            MdmException twice = assertThrows(MdmException.class, () -> db.inTransaction(c -> {
                journal.begin(c, "2.25.3", path, "x", OWNER, "h/1/1/a");
                return null;
            }));
            assertEquals(Status.ALREADY_EXISTS, twice.status());
            db.inTransaction(c -> {
                journal.advance(c, "2.25.3", RegistrationJournal.State.STORED);
                journal.advance(c, "2.25.3", RegistrationJournal.State.DRY_RUN);
                return null;
            });
            List<RegistrationJournal.Step> pending = db.inTransaction(journal::pending);
            assertEquals(List.of("2.25.3", "2.25.4"), pending.stream().map(RegistrationJournal.Step::sopKey).toList());
            assertEquals(RegistrationJournal.State.DRY_RUN, pending.get(0).state());
            assertEquals(path, pending.get(0).path());
            boolean finished = db.inTransaction(c -> journal.finish(c, "2.25.3"));
            assertTrue(finished);
            assertEquals(1, db.inTransaction(journal::pending).size());
            MdmException unknown = assertThrows(MdmException.class, () -> db.inTransaction(c -> {
                journal.advance(c, "2.25.3", RegistrationJournal.State.STORED);
                return null;
            }));
            assertEquals(Status.NOT_FOUND, unknown.status());
        }
    }

    @Test
    void onlyRowsOfAGoneHolderAreAbandonedAndOnlyOneTakerClaimsThem() throws Exception {
        try (CatalogDatabase db = database()) {
            JournalHolder me = JournalHolder.forThisProcess();
            Process gone = new ProcessBuilder("true").start();
            gone.waitFor();
            String goneHolder = me.id().split("/")[0] + "/" + gone.pid() + "/"
                    + gone.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(1L) + "/x";
            db.inTransaction(c -> {
                journal.begin(c, "2.25.5", p(SERIES + "/2.25.5"), "dicom://A@h:104/1.2/3.4/5.8", OWNER, me.id());
                journal.begin(c, "2.25.6", p(SERIES + "/2.25.6"), "dicom://A@h:104/1.2/3.4/5.9", OWNER, goneHolder);
                journal.begin(c, "2.25.7", p(SERIES + "/2.25.7"), "dicom://A@h:104/1.2/3.4/6.0", OWNER,
                        "elsewhere.example.org/1/1/y");
                return null;
            });
            java.time.Instant now = java.time.Instant.now();
            java.util.Map<String, Boolean> abandoned = new java.util.TreeMap<>();
            for (RegistrationJournal.Step s : db.inTransaction(journal::pending)) {
                abandoned.put(s.sopKey(), JournalHolder.abandoned(s, now));
            }
            assertEquals(java.util.Map.of("2.25.5", false, "2.25.6", true, "2.25.7", false), abandoned,
                    "a live holder's row stays its own; a dead local process's row is abandoned at once; another"
                            + " host's row only when its lease runs out");
            RegistrationJournal.Step remote = db.inTransaction(c -> journal.find(c, "2.25.7")).orElseThrow();
            assertTrue(JournalHolder.abandoned(remote, now.plus(RegistrationJournal.LEASE).plusSeconds(1)));
            RegistrationJournal.Step left = db.inTransaction(c -> journal.find(c, "2.25.6")).orElseThrow();
            boolean claimed = db.inTransaction(c -> journal.claim(c, left, me.id()));
            assertTrue(claimed);
            boolean again = db.inTransaction(c -> journal.claim(c, left, "another/2/2/z"));
            assertFalse(again, "claimed once only");
            int renewed = db.inTransaction(c -> journal.renew(c, me.id()));
            assertEquals(2, renewed, "the holder renews both of its rows");
        }
    }

    @Test
    void theSeSeesOnlyOnlineFilesAndOnlyWhatTheCallerMayRead() throws Exception {
        try (CatalogDatabase db = database()) {
            CatalogNameSpaceView view = new CatalogNameSpaceView(db);
            org.mdm.api.GridPrincipal owner = new org.mdm.api.GridPrincipal(OWNER, List.of());
            org.mdm.api.GridPrincipal member = new org.mdm.api.GridPrincipal("/C=FR/CN=Member", List.of("/biomed"));
            org.mdm.api.GridPrincipal stranger = new org.mdm.api.GridPrincipal("/C=FR/CN=Stranger", List.of("/atlas"));
            String online = SERIES + "/2.25.3";
            String registering = SERIES + "/2.25.4";
            db.inTransaction(c -> {
                ns.mkdirs(c, p(SERIES), OWNER, "biomed", 0750);
                ns.create(c, file(online));
                ns.setStatus(c, p(online), NsStatus.ONLINE);
                ns.create(c, file(registering));
                return null;
            });
            org.mdm.api.namespace.NsFacts facts = view.stat(online, owner);
            assertEquals(34870, facts.size());
            assertEquals(0x3b24b43fL, facts.adler32().getAsLong());
            assertEquals("dicom", view.resolve(online, member).scheme(), "0640: the owning group reads");
            assertEquals(List.of(online), view.list(SERIES, member).stream().map(org.mdm.api.namespace.NsFacts::path)
                    .toList(), "a registration in progress is not listed");
            assertEquals(Status.NOT_FOUND, assertThrows(MdmException.class, () -> view.stat(registering, owner))
                    .status());
            assertEquals(Status.AUTHORIZATION_FAILURE, assertThrows(MdmException.class,
                    () -> view.resolve(online, stranger)).status());
            assertEquals(Status.AUTHORIZATION_FAILURE, assertThrows(MdmException.class,
                    () -> view.list(SERIES, stranger)).status());
            db.inTransaction(c -> {
                ns.setAcl(c, p(online), List.of(new AclEntry(AclEntry.Tag.USER, stranger.dn(), 4, false),
                        new AclEntry(AclEntry.Tag.MASK, null, 7, false)));
                return null;
            });
            MdmException noSearch = assertThrows(MdmException.class, () -> view.resolve(online, stranger));
            assertEquals(Status.AUTHORIZATION_FAILURE, noSearch.status(), "read on the file, but no search above it");
            assertTrue(noSearch.getMessage().contains("Permission denied") && noSearch.getMessage().contains("search /"),
                    noSearch.getMessage());
            assertEquals(Status.AUTHORIZATION_FAILURE, assertThrows(MdmException.class,
                    () -> view.stat(SERIES + "/2.25.999", stranger)).status(), "below an unsearchable directory,"
                    + " a missing entry is not told apart from a present one");
            List<NsPath> above = p(online).ancestors();
            for (NsPath dir : above) {
                db.inTransaction(c -> {
                    ns.setAcl(c, dir, List.of(new AclEntry(AclEntry.Tag.USER, stranger.dn(), AclEntry.EXECUTE, false),
                            new AclEntry(AclEntry.Tag.MASK, null, 7, false)));
                    return null;
                });
            }
            assertEquals("dicom", view.resolve(online, stranger).scheme(), "granted by a named entry, searchable above");
            assertEquals(Status.AUTHORIZATION_FAILURE, assertThrows(MdmException.class,
                    () -> view.list(SERIES, stranger)).status(), "search is not read: no listing");
            assertEquals(Status.NOT_FOUND, assertThrows(MdmException.class,
                    () -> view.stat(SERIES + "/2.25.999", stranger)).status());
            db.inTransaction(c -> {
                ns.setAcl(c, above.get(3), List.of(new AclEntry(AclEntry.Tag.USER, stranger.dn(), AclEntry.READ, false),
                        new AclEntry(AclEntry.Tag.MASK, null, 7, false)));
                return null;
            });
            assertEquals(Status.AUTHORIZATION_FAILURE, assertThrows(MdmException.class,
                    () -> view.resolve(online, stranger)).status(), "one ancestor without search is enough to refuse");
            assertEquals(2, db.inTransaction(c -> ns.acl(c, p(online))).size());
            assertEquals(Status.INVALID_PATH, assertThrows(MdmException.class, () -> view.resolve(SERIES, owner))
                    .status());
        }
    }
}
