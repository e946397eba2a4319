package org.mdm.register;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.NameSpace;
import org.mdm.catalog.NsEntry;
import org.mdm.catalog.NsPath;
import org.mdm.catalog.NsStatus;
import org.mdm.hydra.keyserver.KeyServers;

/**
 * Removes registered images, by their owner only: first the entry is withdrawn (UNREGISTERING,
 * no longer served), then the key shares are deleted on every key server and the spool's sealed
 * copy evicted, and last the catalogue rows go in one transaction. A failure on the way leaves
 * the image withdrawn, and running the same command again finishes it; the object stays in the
 * DICOM server (the hospital's archive is not ours to delete).
 */
public final class Unregistrar {
    /** Evicts the spool's sealed copy of a PFN (through the running SE when there is one). */
    @FunctionalInterface
    public interface SpoolEviction {
        void evict(String pfn) throws MdmException;
    }

    private final CatalogDatabase db;
    private final KeyServers keys;
    private final SpoolEviction spool;
    private final NameSpace ns = new NameSpace();
    private final CatalogEntries entries;

    public Unregistrar(CatalogDatabase db, KeyServers keys, SpoolEviction spool, NsPath base, String seDn) {
        this.db = db;
        this.keys = keys;
        this.spool = spool;
        this.entries = new CatalogEntries(seDn, base);
    }

    /**
     * The registered images at or under {@code path}: the file itself, or with {@code recursive}
     * every file under a directory.
     *
     * @throws MdmException NOT_FOUND, or INVALID_PATH for a directory without {@code recursive}
     */
    public List<NsPath> images(NsPath path, boolean recursive) throws MdmException {
        return db.inTransaction(c -> {
            NsEntry e = ns.stat(c, path).orElseThrow(() -> new MdmException(Status.NOT_FOUND,
                    path + " is not registered (mdm ls shows what is)."));
            List<NsPath> files = new ArrayList<>();
            if (!e.directory()) {
                files.add(path);
            } else if (!recursive) {
                throw new MdmException(Status.INVALID_PATH, path + " is a directory; use -r to unregister every"
                        + " image under it.");
            } else {
                collect(c, path, files);
            }
            return files;
        });
    }

    private void collect(java.sql.Connection c, NsPath dir, List<NsPath> files) throws java.sql.SQLException,
            MdmException {
        for (NsEntry child : ns.list(c, dir)) {
            if (child.directory()) {
                collect(c, child.path(), files);
            } else {
                files.add(child.path());
            }
        }
    }

    /**
     * Unregisters one image on behalf of {@code callerDn}.
     *
     * @throws MdmException AUTHORIZATION_FAILURE when the caller is not its owner; a key-server
     *                      or spool failure names what to do (the image stays withdrawn)
     */
    public void unregister(NsPath path, String callerDn) throws MdmException {
        NsEntry e = withdraw(path, callerDn);
        keys.delete(path.name()); // the key id is the de-identified SOP Instance UID, the file's name
        spool.evict(e.pfn());
        db.inTransaction(c -> {
            Optional<NsEntry> now = ns.stat(c, path);
            if (now.isPresent()) {
                entries.remove(c, now.get());
            }
            return null;
        });
    }

    private NsEntry withdraw(NsPath path, String callerDn) throws MdmException {
        return db.inTransaction(c -> {
            NsEntry e = ns.stat(c, path).orElseThrow(() -> new MdmException(Status.NOT_FOUND,
                    path + " is not registered."));
            if (e.directory()) {
                throw new MdmException(Status.INVALID_PATH, path + " is a directory; use -r.");
            }
            if (!e.ownerDn().equals(callerDn)) {
                throw new MdmException(Status.AUTHORIZATION_FAILURE, "Only the owner of " + path + " ("
                        + e.ownerDn() + ") may unregister it; you are " + callerDn + ".");
            }
            if (e.status() == NsStatus.REGISTERING) {
                throw new MdmException(Status.INVALID_REQUEST, path + " is being registered; unregister it once that"
                        + " ended.");
            }
            ns.setStatus(c, path, NsStatus.UNREGISTERING);
            return e;
        });
    }
}
