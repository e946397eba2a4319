package org.mdm.gridftp.client;

import java.util.Locale;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Turns a server's refusal into an MdmException that names the URL, what was asked, what the
 * server said and what to do. FTP codes are coarse (550 covers "no such file" and "permission
 * denied"), so the text is read too, with the phrases Globus servers, dCache, DPM and our own
 * door use.
 */
final class ReplyFailures {

    private ReplyFailures() {
    }

    /** The failure for reply {@code r} to {@code what} on {@code url}. */
    static MdmException refused(Reply r, GridFtpUrl url, String what) {
        Status status = statusOf(r);
        String said = r.lines().isEmpty() ? "" : r.lines().get(r.lines().size() - 1);
        if (r.lines().size() > 1) {
            said = String.join(" ", r.lines().subList(0, Math.min(r.lines().size(), 4)));
        }
        return new MdmException(status, url + ": " + what + " refused by the server (" + said.trim() + "). "
                + hint(status, r.code()));
    }

    static Status statusOf(Reply r) {
        String text = String.join(" ", r.lines()).toLowerCase(Locale.ROOT);
        return switch (r.code()) {
            case 421 -> Status.PEER_UNAVAILABLE;
            case 425 -> Status.PEER_UNAVAILABLE;
            case 426 -> Status.IO_ERROR;
            case 452, 552 -> Status.NO_FREE_SPACE;
            case 530, 532, 533, 534, 535 -> Status.AUTHORIZATION_FAILURE;
            case 500, 502, 504, 536 -> Status.NOT_SUPPORTED;
            case 501 -> Status.INVALID_REQUEST;
            case 550, 553, 451 -> byText(text, r.code());
            default -> Status.IO_ERROR;
        };
    }

    private static Status byText(String text, int code) {
        if (text.contains("is a directory") || text.contains("not a plain file") || text.contains("not a regular file")
                || text.contains("not a file")) {
            return Status.INVALID_REQUEST;
        }
        if (text.contains("no such file") || text.contains("not found") || text.contains("does not exist")
                || text.contains("no such directory") || text.contains("not exist")) {
            return Status.NOT_FOUND;
        }
        if (text.contains("permission denied") || text.contains("not authorized") || text.contains("not allowed")
                || text.contains("access denied") || text.contains("forbidden") || text.contains("denied")) {
            return Status.AUTHORIZATION_FAILURE;
        }
        return code == 451 ? Status.PEER_UNAVAILABLE : Status.IO_ERROR;
    }

    private static String hint(Status status, int code) {
        return switch (status) {
            case NOT_FOUND -> "Check the path (e.g. with gfal-ls).";
            case INVALID_REQUEST -> code == 501 ? "The server did not accept the arguments."
                    : "Give the path of a file, not of a directory.";
            case AUTHORIZATION_FAILURE -> "Check that your proxy is valid and that the server maps your DN"
                    + " (grid-mapfile, VO membership).";
            case PEER_UNAVAILABLE -> "The server cannot serve this now; try again later.";
            case NO_FREE_SPACE -> "The server is out of space.";
            case NOT_SUPPORTED -> "The server does not support this; try other transfer options.";
            default -> "Try again; if it persists, ask the server's administrators.";
        };
    }
}
