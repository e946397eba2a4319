package org.mdm.se.srm;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mdm.api.Checksums;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.namespace.NsFacts;
import org.mdm.se.StorageElement;
import org.mdm.srm.Xml;

/**
 * srmLs: each SURL's details from the name space (size, ADLER32, owner, modes: what registration
 * recorded, nothing staged), a directory's entries down {@code numOfLevels} (default 1), at most
 * {@link SrmLimits#lsMaxEntries} entries per call. More than that without a {@code count} (or with a
 * count above that bound) gives SRM_TOO_MANY_RESULTS with the first page, as DPM does; gfal2 then
 * pages with offset and a count of 1000, so the bound should not be below 1000.
 * A file is ONLINE_AND_NEARLINE while a staged copy is in the spool, NEARLINE otherwise.
 */
final class LsOperation {
    private static final String[] MODES = {"NONE", "X", "W", "WX", "R", "RX", "RW", "RWX"};

    private final StorageElement se;
    private final Surls surls;
    private final SrmLimits limits;

    LsOperation(StorageElement se, Surls surls, SrmLimits limits) {
        this.se = se;
        this.surls = surls;
        this.limits = limits;
    }

    /** What one call may still return: entries left on the page, and the entries skipped so far. */
    private static final class Page {
        int skip;
        int room;
        boolean truncated;

        Page(int offset, int count) {
            this.skip = offset;
            this.room = count;
        }

        /** Whether the next entry is shown (after the offset, while there is room). */
        boolean take() {
            if (skip > 0) {
                skip--;
                return false;
            }
            if (room == 0) {
                truncated = true;
                return false;
            }
            room--;
            return true;
        }
    }

    Xml ls(Xml request, GridPrincipal caller) throws MdmException, InterruptedException {
        List<String> asked = Requests.surls(request, "arrayOfSURLs", limits.maxFilesPerRequest(), "srmLs");
        boolean recursive = Requests.bool(request, "allLevelRecursive", false);
        int levels = recursive ? Integer.MAX_VALUE : Requests.integer(request, "numOfLevels", 1);
        int offset = Requests.integer(request, "offset", 0);
        int count = Requests.integer(request, "count", 0);
        if (levels < 0 || offset < 0 || count < 0) {
            throw new MdmException(Status.INVALID_REQUEST, "srmLs: numOfLevels, offset and count cannot be negative");
        }
        Page page = new Page(offset, count == 0 ? limits.lsMaxEntries() : Math.min(count, limits.lsMaxEntries()));
        // A count above our page that we cut short would look like the end of the listing to gfal2,
        // which stops paging when a page has fewer entries than it asked for: say so instead.
        boolean cut = count == 0 || count > limits.lsMaxEntries();
        List<Xml> details = new ArrayList<>();
        int ok = 0;
        MdmException last = null;
        for (String surl : asked) {
            try {
                details.add(detail(surls.path(surl), levels, page, caller));
                ok++;
            } catch (MdmException e) {
                last = e;
                details.add(Xml.of("pathDetailArray", Xml.text("path", surl), Statuses.failure("status", e)));
            }
        }
        Xml status = page.truncated && cut
                ? Statuses.returnStatus("SRM_TOO_MANY_RESULTS", "more than " + limits.lsMaxEntries()
                        + " entries: ask again with offset and count")
                : Statuses.aggregate(ok, asked.size() - ok, last == null ? null : last.status().srmCode(),
                        last == null ? null : last.getMessage());
        return Xml.of("srmLsResponse", status, Xml.of("details", details));
    }

    private Xml detail(String path, int levels, Page page, GridPrincipal caller)
            throws MdmException, InterruptedException {
        NsFacts facts = se.stat(path, caller);
        Xml subPaths = facts.directory() && levels > 0 ? subtree(path, levels, page, caller) : null;
        return entry(facts, subPaths, !facts.directory() && online(path, caller));
    }

    private Xml subtree(String dir, int levels, Page page, GridPrincipal caller) throws MdmException {
        List<NsFacts> listed = se.list(dir, caller);
        Set<String> online = listed.stream().anyMatch(f -> !f.directory()) ? se.onlineIn(dir, caller) : Set.of();
        List<Xml> children = new ArrayList<>();
        for (NsFacts child : listed) {
            if (page.take()) {
                children.add(entry(child, child.directory() && levels > 1
                        ? subtree(child.path(), levels - 1, page, caller) : null, online.contains(child.path())));
            }
        }
        return Xml.of("arrayOfSubPaths", children);
    }

    private static Xml entry(NsFacts f, Xml subPaths, boolean online) {
        String time = DateTimeFormatter.ISO_INSTANT.format(f.modifiedAt());
        return Xml.of("pathDetailArray",
                Xml.text("path", f.path()),
                Statuses.of("status", Statuses.SUCCESS, null),
                Xml.text("size", f.directory() ? 0 : f.size()),
                Xml.text("createdAtTime", time),
                Xml.text("lastModificationTime", time),
                Xml.text("fileStorageType", "PERMANENT"),
                f.directory() ? null : Xml.text("fileLocality", online ? "ONLINE_AND_NEARLINE" : "NEARLINE"),
                Xml.text("type", f.directory() ? "DIRECTORY" : "FILE"),
                Xml.of("ownerPermission", Xml.text("userID", orEmpty(f.owner())), Xml.text("mode", MODES[(f.mode() >> 6) & 7])),
                Xml.of("groupPermission", Xml.text("groupID", orEmpty(f.group())), Xml.text("mode", MODES[(f.mode() >> 3) & 7])),
                Xml.text("otherPermission", MODES[f.mode() & 7]),
                f.adler32().isPresent() ? Xml.text("checkSumType", "adler32") : null,
                f.adler32().isPresent() ? Xml.text("checkSumValue", Checksums.adler32Hex(f.adler32().getAsLong())) : null,
                subPaths);
    }

    private boolean online(String path, GridPrincipal caller) {
        try {
            return se.isOnline(path, caller);
        } catch (MdmException e) {
            return false; // listed but not readable by this caller: where it is is none of its business
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
