package org.mdm.api;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mdm.api.spool.SpoolKey;

/**
 * A storage backend: it owns one or more PFN schemes and makes the files they name available in
 * the spool. Created by a {@link BackendProvider}; an SE finds it through the {@link
 * BackendRegistry} by the PFN's scheme.
 */
public interface Backend extends AutoCloseable {

    /** The instance name given in the configuration. */
    String name();

    /** The PFN schemes this backend serves. */
    Set<String> schemes();

    /**
     * Checks a PFN against this backend's syntax without touching any peer.
     *
     * @throws MdmException {@link Status#INVALID_PATH} naming what is wrong
     */
    void validate(Pfn pfn) throws MdmException;

    /**
     * Starts staging. Never throws and may return before the work is done: the backend ends
     * the request with {@link StageRequest#completed} or {@link StageRequest#failed}, honours
     * {@link StageRequest#cancel()} and the request's deadline.
     */
    void stage(StageRequest request);

    /**
     * The spool key a staged copy of {@code pfn} is kept under, so that a door can tell whether
     * the file is on disk now (SRM's file locality) without staging it; empty when this backend
     * cannot tell (the file then counts as not on disk).
     */
    default Optional<SpoolKey> spoolKey(Pfn pfn) {
        return Optional.empty();
    }

    /**
     * What an administrator watches (`mdm status`): names to numbers, strings, or lists and maps
     * of them, so it can be shown as text or JSON. Never a patient value or a hospital UID. A
     * backend with nothing to watch keeps the empty default.
     */
    default Map<String, Object> status() {
        return Map.of();
    }

    /** Stops accepting work and releases peers (associations, threads). */
    @Override
    void close();
}
