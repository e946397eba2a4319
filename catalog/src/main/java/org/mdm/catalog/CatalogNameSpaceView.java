package org.mdm.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.Status;
import org.mdm.api.namespace.NameSpaceView;
import org.mdm.api.namespace.NsFacts;

/**
 * The name space as the storage element reads it, from the catalogue: only ONLINE files exist
 * for readers (a registration in progress or failed is invisible), and every answer checks the
 * caller's rights on the entry (read to stat or resolve a file, read to list a directory, read or
 * search to stat one) and, first, search (x) on every ancestor directory, as DPNS and POSIX do: a
 * caller who may not search a directory learns nothing of what lies below it, not even whether
 * it exists.
 */
public final class CatalogNameSpaceView implements NameSpaceView {
    private final CatalogDatabase db;
    private final NameSpace ns = new NameSpace();

    public CatalogNameSpaceView(CatalogDatabase db) {
        this.db = db;
    }

    @Override
    public NsFacts stat(String path, GridPrincipal caller) throws MdmException {
        NsPath p = NsPath.parse(path);
        return db.inTransaction(c -> {
            NsEntry e = visible(c, p, caller);
            int need = e.directory() ? AclEntry.READ | AclEntry.EXECUTE : AclEntry.READ;
            if ((Access.rights(e, ns.acl(c, p), caller) & need) == 0) {
                throw denied(p, caller);
            }
            return facts(e);
        });
    }

    @Override
    public List<NsFacts> list(String dir, GridPrincipal caller) throws MdmException {
        NsPath p = NsPath.parse(dir);
        return db.inTransaction(c -> {
            NsEntry e = visible(c, p, caller);
            if (!e.directory()) {
                throw new MdmException(Status.INVALID_PATH, p + " is a file, not a directory.");
            }
            if ((Access.rights(e, ns.acl(c, p), caller) & AclEntry.READ) == 0) {
                throw denied(p, caller);
            }
            List<NsFacts> children = new ArrayList<>();
            for (NsEntry child : ns.list(c, p)) {
                if (child.directory() || child.status() == NsStatus.ONLINE) {
                    children.add(facts(child));
                }
            }
            return children;
        });
    }

    /** One transaction for the whole directory, rather than one per file (srmLs of a series). */
    @Override
    public Map<String, Pfn> readableFiles(String dir, GridPrincipal caller) throws MdmException {
        NsPath p = NsPath.parse(dir);
        Map<String, String> pfns = db.inTransaction(c -> {
            NsEntry e = visible(c, p, caller);
            if (!e.directory()) {
                throw new MdmException(Status.INVALID_PATH, p + " is a file, not a directory.");
            }
            if ((Access.rights(e, ns.acl(c, p), caller) & AclEntry.READ) == 0) {
                throw denied(p, caller);
            }
            Map<String, String> readable = new LinkedHashMap<>();
            for (NsEntry child : ns.list(c, p)) {
                if (!child.directory() && child.status() == NsStatus.ONLINE
                        && (Access.rights(child, ns.acl(c, child.path()), caller) & AclEntry.READ) != 0) {
                    readable.put(child.path().toString(), child.pfn());
                }
            }
            return readable;
        });
        Map<String, Pfn> parsed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : pfns.entrySet()) {
            parsed.put(e.getKey(), Pfn.parse(e.getValue()));
        }
        return parsed;
    }

    @Override
    public Pfn resolve(String path, GridPrincipal caller) throws MdmException {
        NsPath p = NsPath.parse(path);
        String pfn = db.inTransaction(c -> {
            NsEntry e = visible(c, p, caller);
            if (e.directory()) {
                throw new MdmException(Status.INVALID_PATH, p + " is a directory, not a file.");
            }
            if ((Access.rights(e, ns.acl(c, p), caller) & AclEntry.READ) == 0) {
                throw denied(p, caller);
            }
            return e.pfn();
        });
        return Pfn.parse(pfn);
    }

    /**
     * Whether {@code caller} may read the image registered with {@code guid}, by the name space's
     * rules (search on every directory above it, read on it): the file catalogue judges a logical
     * name by its name-space entry, so one grant reaches both.
     */
    public boolean mayReadGuid(Connection c, String guid, GridPrincipal caller) throws SQLException {
        java.util.Optional<NsEntry> file = ns.byGuid(c, guid);
        if (file.isEmpty()) {
            return false;
        }
        try {
            NsEntry e = visible(c, file.get().path(), caller);
            return (Access.rights(e, ns.acl(c, e.path()), caller) & AclEntry.READ) != 0;
        } catch (MdmException hidden) {
            return false;
        }
    }

    /**
     * A directory, or an ONLINE file, below directories the caller may search; anything else does
     * not exist for readers.
     */
    private NsEntry visible(Connection c, NsPath p, GridPrincipal caller) throws SQLException, MdmException {
        for (NsPath dir : p.ancestors()) {
            NsEntry d = ns.stat(c, dir).filter(NsEntry::directory).orElseThrow(() -> notFound(p));
            if ((Access.rights(d, ns.acl(c, dir), caller) & AclEntry.EXECUTE) == 0) {
                throw new MdmException(Status.AUTHORIZATION_FAILURE, "Permission denied: " + caller.dn()
                        + " may not search " + dir + "; its owner can grant access (mdm acl).");
            }
        }
        NsEntry e = ns.stat(c, p).orElseThrow(() -> notFound(p));
        if (!e.directory() && e.status() != NsStatus.ONLINE) {
            throw notFound(p);
        }
        return e;
    }

    private static MdmException notFound(NsPath p) {
        return new MdmException(Status.NOT_FOUND, "No such file or directory: " + p + ".");
    }

    private static MdmException denied(NsPath p, GridPrincipal caller) {
        return new MdmException(Status.AUTHORIZATION_FAILURE, "Permission denied: " + caller.dn() + " may not read " + p
                + "; its owner can grant access (mdm acl).");
    }

    private static NsFacts facts(NsEntry e) {
        OptionalLong adler = e.adler32() == null ? OptionalLong.empty()
                : OptionalLong.of(Long.parseLong(e.adler32().trim(), 16));
        return new NsFacts(e.path().toString(), e.directory(), e.size(), adler, e.mtime(), e.ownerDn(), e.group(),
                e.mode());
    }
}
