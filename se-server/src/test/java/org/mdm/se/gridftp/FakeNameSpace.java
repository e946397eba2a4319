package org.mdm.se.gridftp;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.Status;
import org.mdm.api.namespace.NameSpaceView;
import org.mdm.api.namespace.NsFacts;

/**
 * A name space in memory, the seam the SE reads through (the catalogue's own implementation is
 * tested in the catalog module and end to end in integration-tests): entries with their facts,
 * PFN and the DNs that may read them.
 */
public final class FakeNameSpace implements NameSpaceView {
    public static final String OWNER = "/C=FR/O=MDM/OU=users/CN=Ann Owner";
    static final Instant MTIME = Instant.parse("2026-03-04T05:06:07Z");

    private record Entry(NsFacts facts, String pfn, Set<String> readers) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public void directory(String path, Set<String> readers) {
        entries.put(path, new Entry(new NsFacts(path, true, 0, OptionalLong.empty(), MTIME, OWNER, "biomed", 0750),
                null, readers));
    }

    public void file(String path, long size, long adler32, String pfn, Set<String> readers) {
        entries.put(path, new Entry(new NsFacts(path, false, size, OptionalLong.of(adler32), MTIME, OWNER, "biomed",
                0600), pfn, readers));
    }

    @Override
    public NsFacts stat(String path, GridPrincipal caller) throws MdmException {
        return visible(path, caller).facts();
    }

    @Override
    public List<NsFacts> list(String dir, GridPrincipal caller) throws MdmException {
        String d = dir.endsWith("/") && dir.length() > 1 ? dir.substring(0, dir.length() - 1) : dir;
        if (!visible(d, caller).facts().directory()) {
            throw new MdmException(Status.INVALID_PATH, d + " is a file, not a directory.");
        }
        List<NsFacts> children = new ArrayList<>();
        entries.forEach((path, e) -> {
            if (path.startsWith(d + "/") && path.indexOf('/', d.length() + 1) < 0) {
                children.add(e.facts());
            }
        });
        children.sort(java.util.Comparator.comparing(NsFacts::path));
        return children;
    }

    @Override
    public Pfn resolve(String path, GridPrincipal caller) throws MdmException {
        Entry e = visible(path, caller);
        if (e.pfn() == null) {
            throw new MdmException(Status.INVALID_PATH, path + " is a directory, not a file.");
        }
        return Pfn.parse(e.pfn());
    }

    private Entry visible(String path, GridPrincipal caller) throws MdmException {
        String p = path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
        Entry e = entries.get(p);
        if (e == null) {
            throw new MdmException(Status.NOT_FOUND, "No such file or directory: " + p + ".");
        }
        if (!e.readers().contains(caller.dn())) {
            throw new MdmException(Status.AUTHORIZATION_FAILURE, "Permission denied: " + caller.dn()
                    + " may not read " + p + ".");
        }
        return e;
    }
}
