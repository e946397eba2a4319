package org.mdm.acl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.catalog.AclEntry;
import org.mdm.catalog.AclTarget;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.Grants;
import org.mdm.catalog.NsPath;

/**
 * One grant or revocation across every component: the catalogue's name space, file catalogue and
 * metadata entries change in one transaction ({@link Grants}), and the images' key ACLs on all n
 * key servers change before it commits. A key server that fails rolls the transaction back (the
 * key servers' side is put back by the {@link KeyAclWriter}); a commit that fails puts the key
 * ACLs back. What the caller is told names each component.
 */
public final class OneGrant {
    private final CatalogDatabase db;
    private final KeyAclWriter keys;
    private final String seDn;
    private final NsPath base;
    private final NsPath lfnBase;
    private final Grants grants;

    /**
     * @param seDn    the SE's DN, which keeps reading every key
     * @param base    the site's name-space directory (register.path)
     * @param lfnBase the logical directory that stands for it (register.lfn)
     */
    public OneGrant(CatalogDatabase db, KeyAclWriter keys, String seDn, NsPath base, NsPath lfnBase) {
        this.db = db;
        this.keys = keys;
        this.seDn = seDn;
        this.base = base;
        this.lfnBase = lfnBase;
        this.grants = new Grants(base);
    }

    /** What one grant changed, component by component. */
    public record Report(AclTarget target, Grants.Change change, Map<String, Integer> keysByServer) {
    }

    /** The owner, group and ACL of a target as the catalogue holds them. */
    public record Listing(AclTarget target, Grants.Held held) {
    }

    /** Merges {@code entries} into the ACL of {@code target} (and all below it, by {@code scope}). */
    public Report set(String target, List<AclEntry> entries, GridPrincipal caller, Grants.Scope scope)
            throws MdmException {
        return change(target, (c, t) -> grants.set(c, t, entries, caller, scope));
    }

    /** Removes the entries of {@code principals} from {@code target} (and all below it, by {@code scope}). */
    public Report remove(String target, List<AclEntry> principals, GridPrincipal caller, Grants.Scope scope)
            throws MdmException {
        return change(target, (c, t) -> grants.remove(c, t, principals, caller, scope));
    }

    /** The ACL of {@code target}. */
    public Listing get(String target, GridPrincipal caller) throws MdmException {
        return db.inTransaction(c -> {
            AclTarget t = AclTarget.parse(c, target, base, lfnBase);
            return new Listing(t, grants.held(c, t, caller));
        });
    }

    private interface Step {
        Grants.Change run(java.sql.Connection c, AclTarget t) throws java.sql.SQLException, MdmException;
    }

    private Report change(String target, Step step) throws MdmException {
        AtomicReference<KeyAclWriter.Applied> applied = new AtomicReference<>();
        try {
            return db.inTransaction(c -> {
                AclTarget t = AclTarget.parse(c, target, base, lfnBase);
                Grants.Change change = step.run(c, t);
                Map<String, List<org.mdm.hydra.protocol.AclEntry>> keyAcls = new LinkedHashMap<>();
                Map<String, List<org.mdm.hydra.protocol.AclEntry>> before = new LinkedHashMap<>();
                for (Grants.FileChange f : change.files()) { // an image's key id is its file's name (its SOP UID)
                    keyAcls.put(f.path().name(), KeyGrants.forFile(seDn, f.ownerDn(), f.acl()));
                    before.put(f.path().name(), KeyGrants.forFile(seDn, f.ownerDn(), f.before()));
                }
                if (keyAcls.isEmpty()) {
                    return new Report(t, change, Map.of());
                }
                KeyAclWriter.Applied done = keys.setAll(keyAcls, before);
                applied.compareAndSet(null, done); // a retried transaction keeps the first way back
                return new Report(t, change, done.keysByServer());
            });
        } catch (MdmException e) {
            KeyAclWriter.Applied done = applied.get();
            if (done != null) { // the key servers changed, the catalogue did not: put them back
                try {
                    done.undo();
                } catch (MdmException undoFailed) {
                    throw new MdmException(e.status(), e.getMessage() + " The key servers' ACLs could not all be put"
                            + " back (" + undoFailed.getMessage() + "); run the same mdm acl command again once the"
                            + " catalogue is back.", e);
                }
            }
            throw e;
        }
    }
}
