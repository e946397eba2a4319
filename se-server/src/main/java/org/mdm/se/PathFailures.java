package org.mdm.se;

import org.mdm.api.Category;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failures from below the mount table (the backend, a PFN it refuses, staging) retold for the
 * grid client. A backend's message names the PFN, and a DICOM PFN holds the DICOM server's AE
 * title, host and port and the hospital's UIDs: none of that may leave the site. The client gets
 * the status and the path it asked for; the site's log gets the backend's own message.
 */
final class PathFailures {
    private static final Logger LOG = LoggerFactory.getLogger(PathFailures.class);

    private PathFailures() {
    }

    /**
     * The failure as the client may see it: same status, a message naming {@code path} only. The
     * backend's failure is logged here and not chained, so no later log or reply can print it
     * by accident.
     */
    static MdmException forClient(String path, MdmException fromBackend) {
        Status status = fromBackend.status();
        if (status.category() == Category.USER) {
            LOG.info("{}: {} ({})", path, fromBackend.getMessage(), status);
        } else {
            LOG.warn("{}: {} ({})", path, fromBackend.getMessage(), status);
        }
        return new MdmException(status, message(path, status));
    }

    static String message(String path, Status status) {
        return switch (status) {
            case NOT_FOUND -> "No such file: " + path + ".";
            case INVALID_PATH -> "Invalid path: " + path + " names no file this storage element can serve.";
            case AUTHORIZATION_FAILURE -> "Permission denied: the storage element may not prepare " + path
                    + "; ask the site's administrator.";
            case NOT_SUPPORTED -> path + ": this storage element cannot serve that file (not supported).";
            case INVALID_REQUEST -> "Invalid request for " + path + ".";
            case NO_FREE_SPACE -> path + ": no room to stage it now; try again later.";
            case PEER_UNAVAILABLE -> path + ": its source is unavailable now; try again later.";
            case TIMEOUT -> path + ": staging timed out; try again later.";
            case CANCELLED -> path + ": staging was cancelled.";
            default -> path + ": the storage element could not prepare it (" + status + "); the site's log says why.";
        };
    }
}
