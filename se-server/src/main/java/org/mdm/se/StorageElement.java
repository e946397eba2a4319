package org.mdm.se;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mdm.api.BackendRegistry;
import org.mdm.api.FileAttributes;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.StageRequest;
import org.mdm.api.StageResult;
import org.mdm.api.Status;
import org.mdm.api.namespace.NameSpaceView;
import org.mdm.api.namespace.NsFacts;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolFile;

/**
 * The storage-element facade the doors call. Every path first passes the access list (the
 * site's gate: who may use this SE at all); then the name space answers it: a registered path
 * exists, with the size, checksum, owner, mode and PFN the catalogue recorded, and the caller's
 * rights on it are the catalogue's ACL. A path the catalogue does not know is served by a mount's
 * template only when that mount opted in to template access. A file is staged through the
 * backend that serves its PFN's scheme (found through the SPI); the caller gets the spool file
 * pinned, and a registered file only when it is what was registered. Doors never see a backend
 * type, and never a PFN.
 */
public final class StorageElement {
    private final MountTable mounts;
    private final AccessList access;
    private final NameSpaceView names;
    private final Spool spool;
    private final BackendRegistry backends;
    private final Duration stageTimeout;

    /** An SE on template mounts only (no catalogue); it does not own the registry. */
    public StorageElement(MountTable mounts, AccessList access, BackendRegistry backends, Duration stageTimeout) {
        this(mounts, access, null, null, backends, stageTimeout);
    }

    /**
     * An SE that reads the name space {@code names} (null: template mounts only); {@code spool}
     * is the backends' spool, where a staged file that differs from its registration is evicted.
     */
    public StorageElement(MountTable mounts, AccessList access, NameSpaceView names, Spool spool,
            BackendRegistry backends, Duration stageTimeout) {
        if (names != null && spool == null) {
            throw new IllegalArgumentException("an SE reading a name space needs the spool to evict bad copies");
        }
        this.mounts = mounts;
        this.access = access;
        this.names = names;
        this.spool = spool;
        this.backends = backends;
        this.stageTimeout = stageTimeout;
    }

    /** A file to stage: its PFN, and what the catalogue recorded of it (null under template access). */
    private record Target(Pfn pfn, NsFacts registered) {
    }

    /**
     * What {@code path} is, for {@code caller}, without staging anything when the catalogue or
     * the mount table knows it; a file under template access has no size until it exists, so it
     * is staged (and unpinned at once: the transfer that usually follows is a spool hit).
     *
     * @throws MdmException NOT_FOUND, AUTHORIZATION_FAILURE, INVALID_PATH; messages name the path
     */
    public NsFacts stat(String path, GridPrincipal caller) throws MdmException, InterruptedException {
        NsFacts known = known(path, caller);
        if (known != null) {
            return known;
        }
        try (SpoolFile file = fetch(path, caller).file()) {
            FileAttributes a = file.attributes();
            return TemplateFacts.file(path, a);
        }
    }

    /**
     * The entries of directory {@code dir}: registered directories and files, with their facts.
     *
     * @throws MdmException NOT_FOUND, AUTHORIZATION_FAILURE, INVALID_PATH for a file, NOT_SUPPORTED
     *                      for a directory of a template mount (its names are the hospital's)
     */
    public List<NsFacts> list(String dir, GridPrincipal caller) throws MdmException {
        access.check(caller, dir);
        if (names != null) {
            try {
                return names.list(dir, caller);
            } catch (MdmException e) {
                if (e.status() != Status.NOT_FOUND || !mounts.isDirectory(dir)) {
                    throw e;
                }
            }
        }
        if (mounts.isDirectory(dir)) {
            throw new MdmException(Status.NOT_SUPPORTED, dir + ": directory listings are not available under a"
                    + " template mount (its images are staged on demand and never registered); list registered"
                    + " paths, or use MLST or SIZE on a file.");
        }
        throw noSuchPath(dir);
    }

    /** Whether {@code path} is a directory for {@code caller}; false for a file or nothing at all. */
    public boolean isDirectory(String path, GridPrincipal caller) throws MdmException {
        try {
            NsFacts known = known(path, caller);
            return known != null && known.directory();
        } catch (MdmException e) {
            if (e.status() == Status.NOT_FOUND || e.status() == Status.INVALID_PATH) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The PFN behind {@code path} once {@code caller} may read it, validated by its backend. The
     * PFN is for the site: never show it to a grid client.
     *
     * @throws MdmException AUTHORIZATION_FAILURE, NOT_FOUND, INVALID_PATH (the path or the PFN it
     *                      names is malformed for its backend); messages name the path
     */
    public Pfn resolve(String path, GridPrincipal caller) throws MdmException {
        return target(path, caller).pfn();
    }

    /**
     * Starts staging {@code path} for {@code caller}; a door waits on it (keeping its client
     * alive meanwhile) or cancels it when the client goes away.
     */
    public Staging stage(String path, GridPrincipal caller) throws MdmException {
        Target target = target(path, caller);
        StageRequest request = StageRequest.of(target.pfn(), caller, stageTimeout);
        try {
            backends.backendFor(target.pfn()).stage(request);
        } catch (MdmException e) {
            throw PathFailures.forClient(path, e);
        }
        return new Staging(request, path, target.registered() == null ? null
                : new Registered(target.registered(), spool));
    }

    /**
     * Whether a staged copy of the file {@code path} is in the spool now (SRM's file locality
     * ONLINE); never stages, never pins. False when the SE has no spool of its own to look in.
     *
     * @throws MdmException as {@link #resolve}
     */
    public boolean isOnline(String path, GridPrincipal caller) throws MdmException {
        Pfn pfn = target(path, caller).pfn();
        if (spool == null) {
            return false;
        }
        return backends.backendFor(pfn).spoolKey(pfn).map(spool::holds).orElse(false);
    }

    /**
     * The files of directory {@code dir} whose staged copy is in the spool now, for a listing's
     * file locality: one name-space call for the whole directory. Empty for a directory of a
     * template mount, or an SE without a spool of its own.
     *
     * @throws MdmException as {@link #list}
     */
    public Set<String> onlineIn(String dir, GridPrincipal caller) throws MdmException {
        access.check(caller, dir);
        if (names == null || spool == null) {
            return Set.of();
        }
        Map<String, Pfn> files;
        try {
            files = names.readableFiles(dir, caller);
        } catch (MdmException e) {
            if (e.status() == Status.NOT_FOUND && mounts.isDirectory(dir)) {
                return Set.of();
            }
            throw e;
        }
        Set<String> online = new HashSet<>();
        for (Map.Entry<String, Pfn> f : files.entrySet()) {
            if (backends.backendFor(f.getValue()).spoolKey(f.getValue()).map(spool::holds).orElse(false)) {
                online.add(f.getKey());
            }
        }
        return online;
    }

    /** Size, ADLER32 and time of the file {@code path} (see {@link #stat}). */
    public FileAttributes attributes(String path, GridPrincipal caller) throws MdmException, InterruptedException {
        NsFacts facts = stat(path, caller);
        if (facts.directory()) {
            throw new MdmException(Status.INVALID_PATH, path + " is a directory, not a file.");
        }
        return facts.attributes();
    }

    /** Checks that {@code caller} may use this storage element at all (a door's login). */
    public void checkAccess(GridPrincipal caller) throws MdmException {
        access.check(caller, "/");
    }

    /** Stages {@code path} and waits: the result's file is pinned until the caller closes it. */
    public StageResult fetch(String path, GridPrincipal caller) throws MdmException, InterruptedException {
        return stage(path, caller).await();
    }

    /**
     * The facts of {@code path} when they are known without staging: the catalogue's entry, or a
     * directory of a template mount; null for a file under template access.
     */
    private NsFacts known(String path, GridPrincipal caller) throws MdmException {
        access.check(caller, path);
        if (names != null) {
            try {
                return names.stat(path, caller);
            } catch (MdmException e) {
                if (e.status() != Status.NOT_FOUND || !templateServes(path)) {
                    throw e;
                }
            }
        }
        if (mounts.isDirectory(path)) {
            return TemplateFacts.directory(path);
        }
        if (!mounts.templateAccess(path)) {
            throw noSuchPath(path);
        }
        return null;
    }

    private Target target(String path, GridPrincipal caller) throws MdmException {
        access.check(caller, path);
        Target target = null;
        if (names != null) {
            try {
                NsFacts registered = names.stat(path, caller);
                target = new Target(names.resolve(path, caller), registered);
            } catch (MdmException e) {
                if (e.status() != Status.NOT_FOUND || !mounts.templateAccess(path)) {
                    throw e;
                }
            }
        }
        if (target == null) {
            if (!mounts.templateAccess(path)) {
                throw mounts.isDirectory(path) ? new MdmException(Status.INVALID_PATH, path
                        + " is a directory, not a file.") : noSuchPath(path);
            }
            target = new Target(mounts.resolve(path), null);
        }
        try {
            backends.backendFor(target.pfn()).validate(target.pfn());
        } catch (MdmException e) {
            throw PathFailures.forClient(path, e);
        }
        return target;
    }

    private boolean templateServes(String path) {
        return mounts.templateAccess(path) || mounts.isDirectory(path);
    }

    private static MdmException noSuchPath(String path) {
        return new MdmException(Status.NOT_FOUND, "No such file or directory: " + path + ".");
    }
}
