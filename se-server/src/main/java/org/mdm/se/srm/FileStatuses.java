package org.mdm.se.srm;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.srm.Xml;

/**
 * The per-file statuses of get and bring-online requests, and the request status they add up
 * to. A pinned file of a get carries its TURL: our own GridFTP door, on the host name the client
 * used in the SURL (one of the names in our certificate, so the client's host check passes).
 */
final class FileStatuses {
    private final int gridFtpPort;

    FileStatuses(int gridFtpPort) {
        this.gridFtpPort = gridFtpPort;
    }

    Xml file(FileStage f, StageBatch.Kind kind, Instant now) {
        FileStage.State state = f.state();
        boolean pinned = state == FileStage.State.PINNED;
        long size = f.size();
        return Xml.of("statusArray",
                Xml.text("sourceSURL", f.surl()),
                kind == StageBatch.Kind.GET && size >= 0 ? Xml.text("fileSize", size) : null,
                status(f, state, kind),
                kind == StageBatch.Kind.BRING_ONLINE && size >= 0 ? Xml.text("fileSize", size) : null,
                pinned ? Xml.text("remainingPinTime", f.remainingPinSeconds(now)) : null,
                pinned && kind == StageBatch.Kind.GET ? Xml.text("transferURL", turl(f)) : null);
    }

    private static Xml status(FileStage f, FileStage.State state, StageBatch.Kind kind) {
        return switch (state) {
            case QUEUED -> Statuses.of("status", Statuses.QUEUED, null);
            case IN_PROGRESS -> Statuses.of("status", Statuses.IN_PROGRESS, null);
            case PINNED -> Statuses.of("status", kind == StageBatch.Kind.GET ? "SRM_FILE_PINNED" : Statuses.SUCCESS,
                    null);
            case FAILED -> Statuses.failure("status", f.failure());
            case RELEASED -> Statuses.of("status", "SRM_RELEASED", "released");
            case ABORTED -> Statuses.of("status", "SRM_ABORTED", "aborted by the client");
            case EXPIRED -> Statuses.of("status", "SRM_RELEASED", "the pin expired before it was released;"
                    + " ask again to have the file staged and pinned");
        };
    }

    /**
     * The request's status: queued while any file waits ({@code queuedWhilePending}: the first
     * answer says SRM_REQUEST_QUEUED, later ones say in progress), then success, partial success,
     * aborted or failure.
     */
    static Xml request(List<FileStage> files, boolean queuedWhilePending) {
        int pending = 0;
        int ok = 0;
        int aborted = 0;
        FileStage failed = null;
        for (FileStage f : files) {
            switch (f.state()) {
                case QUEUED, IN_PROGRESS -> pending++;
                case PINNED, RELEASED -> ok++;
                case ABORTED -> aborted++;
                default -> failed = f;
            }
        }
        if (pending > 0) {
            return Statuses.returnStatus(queuedWhilePending ? Statuses.QUEUED : Statuses.IN_PROGRESS, null);
        }
        if (aborted == files.size()) {
            return Statuses.returnStatus("SRM_ABORTED", "the request was aborted");
        }
        int bad = files.size() - ok;
        boolean single = files.size() == 1 && failed != null && failed.failure() != null;
        return Statuses.aggregate(ok, bad, single ? failed.failure().status().srmCode() : null,
                single ? failed.failure().getMessage() : null);
    }

    private String turl(FileStage f) {
        try {
            URI surl = new URI(f.surl());
            return new URI("gsiftp", null, surl.getHost(), gridFtpPort, f.path(), null, null).toASCIIString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("a SURL that parsed once parses again", e);
        }
    }

    /** A file status for a SURL the request does not hold. */
    static Xml notInRequest(String element, String surl) {
        return Xml.of(element, Xml.text("surl", surl), Statuses.failure("status", new MdmException(
                Status.INVALID_PATH, "SURL " + Surls.shorten(surl) + " is not part of this request")));
    }
}
