package org.mdm.copy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.gridftp.client.GridFtpUrl;

/**
 * Turns {@code mdm cp SOURCE DEST} into the files to copy. SOURCE is {@code lfn:/grid/…} (the
 * file catalogue gives its replica's SURL and ADLER32), {@code srm://…} (srmLs gives whether it
 * is a directory, and the ADLER32) or {@code gsiftp://…}; a directory needs {@code -r} and keeps
 * its layout under DEST.
 */
final class CopyPlanner {
    private final SrmClientFactory srm;
    private final LogicalNames lfns;

    /** Opens SRM clients for listings. */
    @FunctionalInterface
    interface SrmClientFactory {
        SrmClient open(SrmUrl server);
    }

    CopyPlanner(SrmClientFactory srm, LogicalNames lfns) {
        this.srm = srm;
        this.lfns = lfns;
    }

    List<CopyTask> plan(String source, Path dest, boolean recursive) throws MdmException {
        if (source.startsWith("lfn:")) {
            return logical(source.substring(4), dest, recursive);
        }
        if (source.startsWith("srm://")) {
            return surl(SrmUrl.parse(source), dest, recursive);
        }
        if (source.startsWith("gsiftp://")) {
            if (recursive) {
                throw new MdmException(Status.NOT_SUPPORTED, "-r with gsiftp:// is not supported: copy a directory"
                        + " by its srm:// or lfn: name");
            }
            GridFtpUrl url = GridFtpUrl.parse(source);
            return List.of(new CopyTask(new Source.Gsiftp(url), fileDest(dest, name(url.path()))));
        }
        throw new MdmException(Status.INVALID_PATH, source + ": name the source as lfn:/grid/…, srm://HOST:PORT/PATH"
                + " or gsiftp://HOST:PORT/PATH");
    }

    private List<CopyTask> logical(String lfn, Path dest, boolean recursive) throws MdmException {
        if (lfns == null) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "lfn:" + lfn + " needs the file catalogue: set"
                    + " catalog.* (catalog.jdbc.url for the site's PostgreSQL, or catalog.db.dir)");
        }
        Optional<LogicalNames.Replicas> file = lfns.file(lfn);
        if (file.isPresent()) {
            return List.of(new CopyTask(replica(file.get()), fileDest(dest, name(lfn))));
        }
        List<LogicalNames.Replicas> below = lfns.under(lfn);
        if (below.isEmpty()) {
            throw new MdmException(Status.NOT_FOUND, "lfn:" + lfn + ": no such logical file or directory in the"
                    + " file catalogue");
        }
        requireRecursive(recursive, "lfn:" + lfn);
        String prefix = lfn.endsWith("/") ? lfn : lfn + "/";
        List<CopyTask> tasks = new ArrayList<>();
        for (LogicalNames.Replicas r : below) {
            tasks.add(new CopyTask(replica(r), dest.resolve(r.lfn().substring(prefix.length()))));
        }
        return tasks;
    }

    private static Source replica(LogicalNames.Replicas r) throws MdmException {
        if (r.surls().isEmpty()) {
            throw new MdmException(Status.NOT_FOUND, "lfn:" + r.lfn() + " has no replica in the file catalogue");
        }
        return new Source.Srm(SrmUrl.parse(r.surls().get(0)), r.adler32());
    }

    private List<CopyTask> surl(SrmUrl url, Path dest, boolean recursive) throws MdmException {
        try (SrmClient client = srm.open(url)) {
            SrmEntry top = client.stat(url);
            if (!top.directory()) {
                return List.of(new CopyTask(new Source.Srm(url, top.adler32()), fileDest(dest, name(url.path()))));
            }
            requireRecursive(recursive, url.text());
            List<CopyTask> tasks = new ArrayList<>();
            walk(client, url, url.path(), dest, tasks);
            return tasks;
        }
    }

    private static void walk(SrmClient client, SrmUrl dir, String root, Path dest, List<CopyTask> tasks)
            throws MdmException {
        for (SrmEntry e : client.list(dir)) {
            SrmUrl child = dir.withPath(e.path());
            if (e.directory()) {
                walk(client, child, root, dest, tasks);
            } else {
                String relative = e.path().startsWith(root + "/") ? e.path().substring(root.length() + 1)
                        : name(e.path());
                tasks.add(new CopyTask(new Source.Srm(child, e.adler32()), dest.resolve(relative)));
            }
        }
    }

    private static void requireRecursive(boolean recursive, String what) throws MdmException {
        if (!recursive) {
            throw new MdmException(Status.INVALID_REQUEST, what + " is a directory: copy it with -r");
        }
    }

    /** DEST itself, or DEST/name when DEST is an existing directory. */
    private static Path fileDest(Path dest, String name) {
        return Files.isDirectory(dest) ? dest.resolve(name) : dest;
    }

    private static String name(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return p.substring(p.lastIndexOf('/') + 1);
    }
}
