package org.mdm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.mdm.api.FileAttributes;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.StageRequest;
import org.mdm.api.StageResult;
import org.mdm.api.Status;
import org.mdm.api.spool.SpoolFile;
import org.mdm.catalog.AclEntry;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.FileCatalogue;
import org.mdm.catalog.MetadataCatalogue;
import org.mdm.catalog.NameSpace;
import org.mdm.catalog.NewFile;
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
import org.mdm.hydra.protocol.Right;

/**
 * Registers images, in the original system's order: check the file; security first (a new key,
 * shares on all n key servers, readable by the SE); store the original in the DICOM server; a dry
 * run through the real pipeline for the exact size and checksum of the sealed file (kept in the
 * spool); then the name-space, file-catalogue and metadata entries in one transaction. The journal
 * is written before every step that leaves something outside the database, so a failure undoes
 * what was done and a crash is undone by the next start ({@link #recover}); an object already in
 * the DICOM server stays there and is reused by the retry.
 */
final class Registrar {
    /** Where and how images are registered. */
    record Settings(DicomNode server, NsPath base, NsPath lfnBase, String surlBase, String group, String transform,
            String seDn, String ownerDn, Duration stageTimeout) {
    }

    /** What became of one file. */
    enum Outcome { REGISTERED, ALREADY_REGISTERED }

    private final Settings settings;
    private final MdmRuntime runtime;
    private final KeyServers keys;
    private final CatalogDatabase db;
    private final ImageInspector inspector;
    private final StoreScu store;
    private final NameSpace ns = new NameSpace();
    private final FileCatalogue files = new FileCatalogue();
    private final MetadataCatalogue metadata = new MetadataCatalogue();
    private final RegistrationJournal journal = new RegistrationJournal();

    Registrar(Settings settings, MdmRuntime runtime, KeyServers keys, CatalogDatabase db, ImageInspector inspector,
            StoreScu store) {
        this.settings = settings;
        this.runtime = runtime;
        this.keys = keys;
        this.db = db;
        this.inspector = inspector;
        this.store = store;
    }

    /**
     * Undoes every registration the journal shows in flight (a crash, or a failure whose undo
     * could not finish): key shares deleted, journal row removed. Their retry starts afresh.
     *
     * @return how many were undone
     */
    int recover() throws MdmException {
        List<RegistrationJournal.Step> pending = db.inTransaction(journal::pending);
        for (RegistrationJournal.Step step : pending) {
            undo(step.sopKey(), true);
        }
        return pending.size();
    }

    /**
     * Registers one file.
     *
     * @throws MdmException naming the file and the step that failed; nothing is left half-done
     */
    Outcome register(Path file) throws MdmException {
        byte[] part10 = read(file);
        ImageFacts f = inspector.inspect(file, part10);
        NsPath path = NsPath.parse(settings.base() + "/" + f.relativePath());
        String pfn = new DicomPfn(settings.server(), f.studyUid(), f.seriesUid(), f.sopInstanceUid(),
                settings.transform()).canonical();
        Optional<NsEntry> existing = db.inTransaction(c -> ns.stat(c, path));
        if (existing.isPresent() && existing.get().status() == NsStatus.ONLINE && pfn.equals(existing.get().pfn())) {
            return Outcome.ALREADY_REGISTERED;
        }
        if (existing.isPresent()) {
            throw new MdmException(Status.ALREADY_EXISTS, "Cannot register " + file + ": " + path
                    + " is registered already for another object or server. Unregister it first.");
        }
        db.inTransaction(c -> {
            journal.begin(c, f.keyId(), path, pfn, settings.ownerDn());
            return null;
        });
        boolean keyRegistered = false;
        try {
            registerKey(f.keyId());
            keyRegistered = true;
            store.store(settings.server(), f.sopClassUid(), f.sopInstanceUid(), f.transferSyntaxUid(),
                    Arrays.copyOfRange(part10, (int) f.datasetOffset(), part10.length));
            advance(f.keyId(), RegistrationJournal.State.STORED);
            FileAttributes sealed = dryRun(pfn);
            advance(f.keyId(), RegistrationJournal.State.DRY_RUN);
            record(f, path, pfn, sealed.size(), sealed.adler32Hex());
            return Outcome.REGISTERED;
        } catch (MdmException | RuntimeException e) {
            try {
                undo(f.keyId(), keyRegistered);
            } catch (MdmException undoFailed) {
                e.addSuppressed(undoFailed);
                throw new MdmException(Status.PEER_UNAVAILABLE, "Cannot register " + file + ": "
                        + e.getMessage() + " The undo is incomplete (" + undoFailed.getMessage() + "); the next"
                        + " mdm register or mdm serve start finishes it.", e);
            }
            throw e;
        }
    }

    private void registerKey(String keyId) throws MdmException {
        ImageKey key = ImageKey.generate(keyId);
        try {
            keys.register(key, List.of(org.mdm.hydra.protocol.AclEntry.dn(settings.seDn(), Right.READ)));
        } finally {
            key.destroy();
        }
    }

    private static byte[] read(Path file) throws MdmException {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Cannot read " + file + ": " + MdmException.describe(e) + ".", e);
        }
    }

    /** Stages the registered image as a user's first request would: the exact sealed size and ADLER32. */
    private FileAttributes dryRun(String pfn) throws MdmException {
        Pfn generic = Pfn.parse(pfn);
        StageRequest request = StageRequest.of(generic, GridPrincipal.LOCAL, settings.stageTimeout());
        runtime.backends().backendFor(generic).stage(request);
        StageResult result;
        try {
            result = request.await();
        } catch (InterruptedException e) {
            request.cancel();
            Thread.currentThread().interrupt();
            throw new MdmException(Status.CANCELLED, "Registration interrupted during the dry run.");
        }
        try (SpoolFile spooled = result.file()) {
            return spooled.attributes();
        }
    }

    /** The name-space, file-catalogue and metadata entries, and the journal's end: one transaction. */
    private void record(ImageFacts f, NsPath path, String pfn, long size, String adler32) throws MdmException {
        String guid = UUID.randomUUID().toString();
        String owner = settings.ownerDn();
        db.inTransaction(c -> {
            ns.mkdirs(c, path.parent(), owner, settings.group(), 0750);
            ns.create(c, new NewFile(path, owner, settings.group(), 0600, size, adler32, pfn, guid));
            ns.setStatus(c, path, NsStatus.ONLINE);
            ns.setAcl(c, path, List.of(new AclEntry(AclEntry.Tag.USER_OBJ, null, 6, false),
                    new AclEntry(AclEntry.Tag.USER, settings.seDn(), AclEntry.READ, false),
                    new AclEntry(AclEntry.Tag.GROUP_OBJ, null, 0, false),
                    new AclEntry(AclEntry.Tag.MASK, null, AclEntry.READ, false),
                    new AclEntry(AclEntry.Tag.OTHER, null, 0, false)));
            files.register(c, NsPath.parse(settings.lfnBase() + "/" + f.relativePath()),
                    new FileCatalogue.Guid(guid, size, adler32, owner, Instant.now()), settings.surlBase() + path);
            if (!metadata.has(c, "/mdm/PATIENT", f.patientKey())) {
                metadata.addEntry(c, "/mdm/PATIENT", f.patientKey(), owner, f.patient());
            }
            metadata.addEntry(c, "/mdm/IMAGE", "guid:" + guid, owner, f.image());
            journal.finish(c, f.keyId());
            return null;
        });
    }

    private void advance(String keyId, RegistrationJournal.State state) throws MdmException {
        db.inTransaction(c -> {
            journal.advance(c, keyId, state);
            return null;
        });
    }

    /** Deletes the key's shares (when this registration made them) and ends the journal entry. */
    private void undo(String keyId, boolean deleteKey) throws MdmException {
        if (deleteKey) {
            keys.delete(keyId); // on failure the journal row stays: the next start retries the undo
        }
        db.inTransaction(c -> journal.finish(c, keyId));
    }
}
