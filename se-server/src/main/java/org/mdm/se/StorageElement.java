package org.mdm.se;

import java.time.Duration;
import org.mdm.api.BackendRegistry;
import org.mdm.api.FileAttributes;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.StageRequest;
import org.mdm.api.StageResult;
import org.mdm.api.spool.SpoolFile;

/**
 * The storage-element facade the doors call: a path is checked against the access list,
 * resolved to a PFN through the mount table, handed to the backend that serves its scheme
 * (found through the SPI), and staged; the caller gets the spool file pinned, and reads it
 * while the pin holds. Doors never see a backend type.
 */
public final class StorageElement {
    private final MountTable mounts;
    private final AccessList access;
    private final BackendRegistry backends;
    private final Duration stageTimeout;

    /** An SE over these parts; it does not own the registry. */
    public StorageElement(MountTable mounts, AccessList access, BackendRegistry backends, Duration stageTimeout) {
        this.mounts = mounts;
        this.access = access;
        this.backends = backends;
        this.stageTimeout = stageTimeout;
    }

    /**
     * The PFN behind {@code path} once {@code caller} may read it, validated by its backend
     * (for SIZE, STAT and the like, which must not stage). The PFN is for the site: never show it
     * to a grid client.
     *
     * @throws MdmException AUTHORIZATION_FAILURE, NOT_FOUND (no mount), INVALID_PATH (the path or
     *                      the PFN it names is malformed for its backend); messages name the path
     */
    public Pfn resolve(String path, GridPrincipal caller) throws MdmException {
        access.check(caller, path);
        Pfn pfn = mounts.resolve(path);
        try {
            backends.backendFor(pfn).validate(pfn);
        } catch (MdmException e) {
            throw PathFailures.forClient(path, e);
        }
        return pfn;
    }

    /**
     * Starts staging {@code path} for {@code caller}; a door waits on it (keeping its client
     * alive meanwhile) or cancels it when the client goes away.
     */
    public Staging stage(String path, GridPrincipal caller) throws MdmException {
        Pfn pfn = resolve(path, caller);
        StageRequest request = StageRequest.of(pfn, caller, stageTimeout);
        try {
            backends.backendFor(pfn).stage(request);
        } catch (MdmException e) {
            throw PathFailures.forClient(path, e);
        }
        return new Staging(request, path);
    }

    /**
     * Size, ADLER32 and time of {@code path}. An on-demand image has none until it exists, so
     * this stages it (a cold image is retrieved now, and the transfer that usually follows is
     * served from the spool) and unpins it at once.
     */
    public FileAttributes attributes(String path, GridPrincipal caller) throws MdmException, InterruptedException {
        try (SpoolFile file = fetch(path, caller).file()) {
            return file.attributes();
        }
    }

    /** Whether {@code path} is a directory of the name space, for {@code caller}. */
    public boolean isDirectory(String path, GridPrincipal caller) throws MdmException {
        access.check(caller, path);
        return mounts.isDirectory(path);
    }

    /** Checks that {@code caller} may use this storage element at all (a door's login). */
    public void checkAccess(GridPrincipal caller) throws MdmException {
        access.check(caller, "/");
    }

    /** Stages {@code path} and waits: the result's file is pinned until the caller closes it. */
    public StageResult fetch(String path, GridPrincipal caller) throws MdmException, InterruptedException {
        return stage(path, caller).await();
    }
}
