package org.mdm.register;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.mdm.api.BackendRegistry;
import org.mdm.api.FileAttributes;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.Inheritance;
import org.mdm.catalog.NsEntry;
import org.mdm.catalog.NsPath;
import org.mdm.catalog.NsStatus;
import org.mdm.catalog.RegistrationJournal;
import org.mdm.dicom.DicomPfn;
import org.mdm.dicom.net.DicomNode;
import org.mdm.dicom.net.StoreScu;
import org.mdm.dicom.register.ImageFacts;
import org.mdm.dicom.register.ImageInspector;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.keyserver.KeyServers;

/**
 * Registers images, in the original system's order: check the object; security first (a new key,
 * shares on all n key servers, readable by the SE); store the original in the DICOM server; a dry
 * run through the real pipeline for the exact size and checksum of the sealed file (kept in the
 * spool); then the name-space, file-catalogue and metadata entries in one transaction. The journal
 * is written before every step that leaves something outside the database, so a failure undoes
 * what was done and a crash is undone by the next start ({@link #recover}); an object already in
 * the DICOM server stays there and is reused by the retry. Safe to call from several threads and
 * several processes at once: an image another registration holds is waited for.
 */
public final class Registrar implements AutoCloseable {
    /** Where and how images are registered. */
    public record Settings(DicomNode server, NsPath base, NsPath lfnBase, String surlBase, String transform,
            String seDn, Duration stageTimeout) {
    }

    /** One object to register: its bytes (Part 10), a name for messages, and who registers it. */
    public record Submission(String source, byte[] part10, Registrant registrant) {
    }

    /** What became of one object. */
    public enum Outcome { REGISTERED, ALREADY_REGISTERED }

    private final Settings settings;
    private final DryRun dryRun;
    private final KeyServers keys;
    private final CatalogDatabase db;
    private final ImageInspector inspector;
    private final StoreScu store;
    private final CatalogEntries entries;
    private final org.mdm.catalog.NameSpace ns = new org.mdm.catalog.NameSpace();
    private final Inheritance inheritance = new Inheritance();
    private final JournalLease lease;
    /** This registrar's registrations under way; a row of its own not among them is one whose undo failed. */
    private final java.util.Set<String> inFlight = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** A registrar whose dry runs stage through {@code stagers} in this process (its spool). */
    public Registrar(Settings settings, BackendRegistry stagers, KeyServers keys, CatalogDatabase db,
            ImageInspector inspector, StoreScu store) {
        this(settings, DryRun.local(stagers, settings.stageTimeout()), keys, db, inspector, store);
    }

    /** A registrar whose dry runs {@code dryRun} does (e.g. the running SE, into its spool). */
    public Registrar(Settings settings, DryRun dryRun, KeyServers keys, CatalogDatabase db,
            ImageInspector inspector, StoreScu store) {
        this.settings = settings;
        this.dryRun = dryRun;
        this.keys = keys;
        this.db = db;
        this.inspector = inspector;
        this.store = store;
        this.entries = new CatalogEntries(settings.seDn(), settings.base());
        this.lease = new JournalLease(db, settings.stageTimeout().multipliedBy(2).plusSeconds(30));
    }

    /**
     * Undoes every registration a process that is gone left in the journal (a crash, or a failure
     * whose undo could not finish): key shares deleted, journal row removed. Their retry starts
     * afresh. Registrations of live processes are left alone.
     *
     * @return how many were undone
     */
    public int recover() throws MdmException {
        int undone = 0;
        for (RegistrationJournal.Step step : lease.abandoned()) {
            if (lease.claim(step)) {
                undo(step.sopKey(), true);
                undone++;
            }
        }
        return undone;
    }

    /**
     * Registers one object.
     *
     * @throws MdmException naming the source and the step that failed; nothing is left half-done
     */
    public Outcome register(Submission s) throws MdmException {
        Prepared p = prepare(s);
        Optional<Outcome> done = begin(p);
        return done.isPresent() ? done.get() : complete(p, false);
    }

    /** An object checked and named, not yet begun. */
    record Prepared(Submission submission, ImageFacts facts, NsPath path, String pfn, String digest, Registrant who) {
    }

    /**
     * Checks the object and names it: its path, PFN and content digest, and who will be able to
     * read it: the registrant, with what its directory passes on by default (d:).
     */
    Prepared prepare(Submission s) throws MdmException {
        ImageFacts f = inspector.inspect(s.source(), s.part10());
        NsPath path = NsPath.parse(settings.base() + "/" + f.relativePath());
        Registrant who = s.registrant().inheriting(db.inTransaction(c ->
                Inheritance.named(inheritance.defaultsAt(c, path.parent()))));
        return new Prepared(s, f, path, new DicomPfn(settings.server(), f.studyUid(), f.seriesUid(), f.sopInstanceUid(),
                settings.transform()).canonical(), SourceDigest.of(s.part10(), (int) f.datasetOffset()), who);
    }

    /**
     * Begins the registration in the journal, or says it is registered already. A registration
     * of the same image in flight elsewhere is waited for first. When this returns empty, the
     * caller must {@link #complete} it.
     */
    Optional<Outcome> begin(Prepared p) throws MdmException {
        String keyId = p.facts().keyId();
        while (true) {
            Optional<Outcome> done = registeredAlready(p.submission().source(), p.path(), p.pfn(), p.digest());
            if (done.isPresent()) {
                return done;
            }
            if (inFlight.add(keyId)) { // no other thread of ours has it: try to begin it
                boolean begun = false;
                try {
                    begun = lease.begin(keyId, p.path(), p.pfn(), p.submission().registrant().ownerDn());
                } finally {
                    if (!begun) {
                        inFlight.remove(keyId);
                    }
                }
                if (begun) {
                    return afterBegin(p);
                }
            }
            // Another registration of it is in flight: wait for its end, then look again. One
            // whose process is gone is taken over and undone here, as a start would.
            Optional<RegistrationJournal.Step> taken = lease.awaitEnd(keyId, p.submission().source(),
                    inFlight::contains);
            if (taken.isPresent()) {
                undo(taken.get().sopKey(), true);
            }
        }
    }

    /**
     * Looks again once begun: another process may have finished the same image between the first
     * look and the journal row (its catalogue rows and its row's end are one commit), and making
     * its key again would be refused by the key servers. Then this registration ends unbegun.
     */
    private Optional<Outcome> afterBegin(Prepared p) throws MdmException {
        String keyId = p.facts().keyId();
        Optional<Outcome> raced;
        try {
            raced = registeredAlready(p.submission().source(), p.path(), p.pfn(), p.digest());
        } catch (MdmException | RuntimeException e) {
            inFlight.remove(keyId);
            undo(keyId, false);
            throw e;
        }
        if (raced.isPresent()) {
            inFlight.remove(keyId);
            undo(keyId, false); // this registration made no key: only its journal row goes
        }
        return raced;
    }

    /**
     * Completes a begun registration: its key (unless {@code keyRegistered}: made in bulk by
     * {@link BatchRegistration}), the C-STORE, the dry run and the catalogue rows; undone on failure.
     */
    Outcome complete(Prepared p, boolean keyRegistered) throws MdmException {
        Submission s = p.submission();
        ImageFacts f = p.facts();
        try {
            if (!keyRegistered) {
                registerKey(f.keyId(), p.who());
            }
            store.store(settings.server(), f.sopClassUid(), f.sopInstanceUid(), f.transferSyntaxUid(),
                    Arrays.copyOfRange(s.part10(), (int) f.datasetOffset(), s.part10().length));
            lease.advance(f.keyId(), RegistrationJournal.State.STORED);
            FileAttributes sealed = dryRun.run(p.pfn());
            lease.advance(f.keyId(), RegistrationJournal.State.DRY_RUN);
            CatalogEntries.Image image = new CatalogEntries.Image(f, p.path(),
                    NsPath.parse(settings.lfnBase() + "/" + f.relativePath()), settings.surlBase() + p.path(), p.pfn(),
                    sealed.size(), sealed.adler32Hex(), p.digest());
            recordOnce(image, p.who());
            return Outcome.REGISTERED;
        } catch (MdmException | RuntimeException e) {
            throw undoAfter(p, e);
        } finally {
            inFlight.remove(f.keyId());
        }
    }

    /**
     * Undoes a begun registration that failed with {@code e} (key shares deleted on every server:
     * even a failed key registration may have left some, as a request that timed out can still
     * have been carried out) and returns the error to throw, naming the source.
     */
    MdmException undoAfter(Prepared p, Exception e) {
        String source = p.submission().source();
        try {
            undo(p.facts().keyId(), true);
        } catch (MdmException undoFailed) {
            e.addSuppressed(undoFailed);
            return new MdmException(Status.PEER_UNAVAILABLE, "Cannot register " + source + ": " + e.getMessage()
                    + " The undo is incomplete (" + undoFailed.getMessage() + "); the next mdm register or mdm serve"
                    + " start finishes it.", e);
        }
        if (e instanceof MdmException m) {
            return m.getMessage().contains(source) ? m
                    : new MdmException(m.status(), "Cannot register " + source + ": " + m.getMessage(), m);
        }
        return new MdmException(Status.INTERNAL_ERROR, "Cannot register " + source + ": " + MdmException.describe(e), e);
    }

    /** Ends a begun registration without completing it (its key and journal row undone by {@link #undoAfter}). */
    void release(Prepared p) {
        inFlight.remove(p.facts().keyId());
    }

    /** The key servers, for bulk key registration. */
    KeyServers keys() {
        return keys;
    }

    /** The SE's DN, readable on every key. */
    String seDn() {
        return settings.seDn();
    }

    /**
     * The catalogue rows and the journal's end in one transaction, retried when another
     * registration created one of the same directories meanwhile (a unique-key race that only
     * the database sees); a real duplicate fails the same way each time and is reported.
     */
    private void recordOnce(CatalogEntries.Image image, Registrant who) throws MdmException {
        for (int attempt = 1;; attempt++) {
            try {
                db.inTransaction(c -> {
                    entries.record(c, image, who);
                    lease.finish(c, image.facts().keyId());
                    return null;
                });
                return;
            } catch (MdmException e) {
                if (attempt == 5 || !(e.getCause() instanceof java.sql.SQLException sql)
                        || !"23505".equals(sql.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    /**
     * Whether the image is registered already: the same object at the same path is (idempotent);
     * another object under a registered path is refused.
     */
    private Optional<Outcome> registeredAlready(String source, NsPath path, String pfn, String digest)
            throws MdmException {
        return db.inTransaction(c -> {
            Optional<NsEntry> existing = ns.stat(c, path);
            if (existing.isEmpty()) {
                return Optional.empty();
            }
            NsEntry e = existing.get();
            if (e.status() == NsStatus.UNREGISTERING) {
                throw new MdmException(Status.ALREADY_EXISTS, "Cannot register " + source + ": " + path + " is being"
                        + " unregistered; run mdm unregister " + path + " again to finish that first.");
            }
            if (e.status() != NsStatus.ONLINE || !pfn.equals(e.pfn())) {
                throw new MdmException(Status.ALREADY_EXISTS, "Cannot register " + source + ": " + path
                        + " is registered already for another DICOM server or transform. Unregister it first.");
            }
            Optional<String> recorded = entries.sourceDigest(c, e);
            if (recorded.isPresent() && !recorded.get().equals(digest)) {
                throw new MdmException(Status.ALREADY_EXISTS, "Cannot register " + source + ": its SOP Instance"
                        + " UID is registered already (" + path + ") with other content. A changed image needs a new"
                        + " SOP Instance UID; or unregister the old one first (mdm unregister " + path + ").");
            }
            return Optional.of(Outcome.ALREADY_REGISTERED);
        });
    }

    private void registerKey(String keyId, Registrant who) throws MdmException {
        ImageKey key = ImageKey.generate(keyId);
        try {
            keys.register(key, KeyAcl.of(settings.seDn(), who));
        } finally {
            key.destroy();
        }
    }

    /** Deletes the key's shares (when this registration made them) and ends the journal entry. */
    private void undo(String keyId, boolean deleteKey) throws MdmException {
        if (deleteKey) {
            keys.delete(keyId); // on failure the journal row stays: the next start retries the undo
        }
        db.inTransaction(c -> lease.finish(c, keyId));
    }

    /** Stops renewing this registrar's journal leases and releases the store associations (the registrar owns its StoreScu). */
    @Override
    public void close() {
        lease.close();
        store.close();
    }

}
