package org.mdm.copy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mdm.api.MdmException;
import org.mdm.api.GridPrincipal;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.CatalogNameSpaceView;
import org.mdm.catalog.FileCatalogue;
import org.mdm.catalog.NsPath;

/**
 * {@link LogicalNames} read from the site's catalogue database (read-only), as the caller may see
 * them: a logical name whose image the caller may not read does not exist for it (the name
 * space's ACL decides, as the doors' does).
 */
public final class CatalogueLogicalNames implements LogicalNames {
    private final CatalogDatabase db;
    private final GridPrincipal caller;
    private final FileCatalogue files = new FileCatalogue();
    private final CatalogNameSpaceView access;

    public CatalogueLogicalNames(CatalogDatabase db, GridPrincipal caller) {
        this.db = db;
        this.caller = caller;
        this.access = new CatalogNameSpaceView(db);
    }

    @Override
    public Optional<Replicas> file(String lfn) throws MdmException {
        NsPath path = NsPath.parse(lfn);
        return db.inTransaction(c -> {
            Optional<String> guid = files.guidOf(c, path);
            if (guid.isEmpty() || !access.mayReadGuid(c, guid.get(), caller)) {
                return Optional.empty();
            }
            return Optional.of(replicas(c, path.toString(), guid.get()));
        });
    }

    @Override
    public List<Replicas> under(String lfn) throws MdmException {
        NsPath dir = NsPath.parse(lfn);
        return db.inTransaction(c -> {
            List<Replicas> all = new ArrayList<>();
            for (FileCatalogue.LogicalName n : files.under(c, dir)) {
                if (access.mayReadGuid(c, n.guid(), caller)) {
                    all.add(replicas(c, n.lfn().toString(), n.guid()));
                }
            }
            return all;
        });
    }

    private Replicas replicas(java.sql.Connection c, String lfn, String guid) throws java.sql.SQLException {
        String adler32 = files.guid(c, guid).map(FileCatalogue.Guid::adler32).orElse(null);
        return new Replicas(lfn, files.replicas(c, guid), adler32);
    }
}
