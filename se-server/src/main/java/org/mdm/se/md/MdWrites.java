package org.mdm.se.md;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.MetadataAccess;
import org.mdm.catalog.MetadataCatalogue;

/**
 * The changing commands: {@code setattr} and {@code clearattr} for whoever may write the
 * attributes (the entry's owner, or a grantee with w), {@code addattr} for the site's metadata
 * administrators ({@code md.admins}). An entry the caller may not see is not found.
 */
final class MdWrites {
    private final CatalogDatabase db;
    private final MetadataCatalogue metadata = new MetadataCatalogue();

    MdWrites(CatalogDatabase db) {
        this.db = db;
    }

    void run(String command, List<String> args, MdState state) throws MdmException {
        switch (command) {
            case "setattr" -> {
                if (args.size() < 3 || args.size() % 2 == 0) {
                    throw new MdmException(Status.INVALID_REQUEST, "Usage: setattr ENTRY ATTRIBUTE VALUE"
                            + " [ATTRIBUTE VALUE...].");
                }
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 1; i < args.size(); i += 2) {
                    values.put(args.get(i), args.get(i + 1));
                }
                write(state.absolute(args.get(0)), values, state);
            }
            case "clearattr" -> {
                if (args.size() != 2) {
                    throw new MdmException(Status.INVALID_REQUEST, "Usage: clearattr ENTRY ATTRIBUTE.");
                }
                Map<String, String> values = new LinkedHashMap<>();
                values.put(args.get(1), null);
                write(state.absolute(args.get(0)), values, state);
            }
            default -> addattr(args, state);
        }
    }

    private void write(String entryPath, Map<String, String> values, MdState state) throws MdmException {
        int slash = entryPath.lastIndexOf('/');
        String dir = entryPath.substring(0, Math.max(slash, 0));
        String name = entryPath.substring(slash + 1);
        MdmException missing = new MdmException(Status.NOT_FOUND, "No such entry: " + entryPath + ".");
        db.inTransaction(c -> {
            String owner = metadata.owner(c, dir, name).orElseThrow(() -> missing);
            MetadataAccess access = new MetadataAccess(state.caller());
            if (!access.maySee(c, dir, name, owner)) {
                throw missing;
            }
            for (String attr : values.keySet()) {
                if (!access.mayWrite(c, dir, name, owner, attr)) {
                    throw new MdmException(Status.AUTHORIZATION_FAILURE, "Permission denied: " + state.caller().dn()
                            + " may not change " + attr + " of " + entryPath + "; its owner can grant w (mdm acl).");
                }
            }
            metadata.setValues(c, dir, name, values);
            return null;
        });
    }

    private void addattr(List<String> args, MdState state) throws MdmException {
        if (args.size() != 3) {
            throw new MdmException(Status.INVALID_REQUEST, "Usage: addattr DIR ATTRIBUTE TYPE (varchar, int, float,"
                    + " timestamp).");
        }
        if (!state.settings().admins().contains(state.caller().dn())) {
            throw new MdmException(Status.AUTHORIZATION_FAILURE, "Permission denied: only the site's metadata"
                    + " administrators (md.admins) add attributes.");
        }
        String dir = state.absolute(args.get(0));
        db.inTransaction(c -> {
            metadata.addAttribute(c, dir, args.get(1), args.get(2));
            return null;
        });
    }
}
