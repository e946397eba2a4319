package org.mdm.api.namespace;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.Status;

/**
 * What a storage element asks its name space: MDM's catalogue implements it, and an SE that
 * embeds the DICOM backend keeps its own. Every call checks the caller's rights, so a door never
 * evaluates an ACL itself.
 */
public interface NameSpaceView {

    /**
     * The entry at {@code path}.
     *
     * @throws MdmException NOT_FOUND when there is none (or it is not registered yet),
     *                      AUTHORIZATION_FAILURE when the caller may not see it
     */
    NsFacts stat(String path, GridPrincipal caller) throws MdmException;

    /**
     * The entries of directory {@code dir}, by name.
     *
     * @throws MdmException NOT_FOUND, INVALID_PATH for a file, AUTHORIZATION_FAILURE when the
     *                      caller may not list it
     */
    List<NsFacts> list(String dir, GridPrincipal caller) throws MdmException;

    /**
     * The PFN of a registered file the caller may read.
     *
     * @throws MdmException NOT_FOUND, INVALID_PATH for a directory, AUTHORIZATION_FAILURE
     */
    Pfn resolve(String path, GridPrincipal caller) throws MdmException;

    /**
     * The PFNs of the files in directory {@code dir} that the caller may read, by path: what a
     * listing needs to tell which files are on disk (SRM's file locality) in one call rather
     * than one per file. Files the caller may not read are left out.
     *
     * @throws MdmException as {@link #list}
     */
    default Map<String, Pfn> readableFiles(String dir, GridPrincipal caller) throws MdmException {
        Map<String, Pfn> pfns = new LinkedHashMap<>();
        for (NsFacts f : list(dir, caller)) {
            if (f.directory()) {
                continue;
            }
            try {
                pfns.put(f.path(), resolve(f.path(), caller));
            } catch (MdmException e) {
                if (e.status() != Status.AUTHORIZATION_FAILURE) {
                    throw e;
                }
            }
        }
        return pfns;
    }
}
