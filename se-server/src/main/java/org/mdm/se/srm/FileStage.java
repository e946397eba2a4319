package org.mdm.se.srm;

import java.time.Duration;
import java.time.Instant;
import org.mdm.api.MdmException;
import org.mdm.api.StageResult;
import org.mdm.se.Staging;

/**
 * One SURL of a get or bring-online request: staged at once, then held pinned in the spool until
 * the client releases it, aborts it, or its pin lifetime runs out. Whatever happens first wins;
 * a staging that completes after an abort is unpinned at once, so nothing stays pinned for a
 * request nobody follows. Thread-safe: the stager, the reaper and client calls meet here.
 */
final class FileStage {
    enum State { QUEUED, IN_PROGRESS, PINNED, FAILED, RELEASED, ABORTED, EXPIRED }

    private final String surl;
    private final String path;
    private final Duration pinLifetime;
    private State state = State.QUEUED;
    private Staging staging;
    private StageResult pinned;
    private Instant pinnedUntil;
    private long size = -1;
    private MdmException failure;

    FileStage(String surl, String path, Duration pinLifetime) {
        this.surl = surl;
        this.path = path;
        this.pinLifetime = pinLifetime;
    }

    String surl() {
        return surl;
    }

    /** The SE path, or null when the SURL itself was refused. */
    String path() {
        return path;
    }

    synchronized State state() {
        return state;
    }

    synchronized MdmException failure() {
        return failure;
    }

    /** Bytes of the pinned file, or -1 before it is pinned. */
    synchronized long size() {
        return size;
    }

    /** Seconds the pin has left (0 once it is gone). */
    synchronized long remainingPinSeconds(Instant now) {
        return state == State.PINNED ? Math.max(0, Duration.between(now, pinnedUntil).toSeconds()) : 0;
    }

    synchronized void started(Staging s) {
        if (state == State.QUEUED) {
            staging = s;
            state = State.IN_PROGRESS;
        } else {
            s.cancel();
        }
    }

    /** The staging finished: pinned from now for the pin lifetime, unless the file was given up meanwhile. */
    void staged(StageResult result, Instant now) {
        synchronized (this) {
            if (state == State.QUEUED || state == State.IN_PROGRESS) {
                pinned = result;
                size = result.file().size();
                pinnedUntil = now.plus(pinLifetime);
                state = State.PINNED;
                staging = null;
                return;
            }
        }
        result.file().close();
    }

    synchronized void failed(MdmException e) {
        if (state == State.QUEUED || state == State.IN_PROGRESS) {
            failure = e;
            state = State.FAILED;
            staging = null;
        }
    }

    /** Unpins, or stops a staging still running (srmReleaseFiles); false if nothing was held. */
    boolean release() {
        return end(State.RELEASED);
    }

    /** Stops staging or unpins (srmAbortRequest, srmAbortFiles); false if nothing was held. */
    boolean abort() {
        return end(State.ABORTED);
    }

    /** Releases the pin if its lifetime has passed; true if it did. */
    boolean expireIfDue(Instant now) {
        synchronized (this) {
            if (state != State.PINNED || now.isBefore(pinnedUntil)) {
                return false;
            }
        }
        return end(State.EXPIRED);
    }

    /** Whether this file holds nothing any more and will not change by itself. */
    synchronized boolean finished() {
        return state != State.QUEUED && state != State.IN_PROGRESS && state != State.PINNED;
    }

    private boolean end(State to) {
        StageResult unpin;
        Staging running;
        synchronized (this) {
            if (finished()) {
                return false;
            }
            unpin = pinned;
            running = staging;
            pinned = null;
            staging = null;
            state = to;
        }
        if (running != null) {
            running.cancel();
        }
        if (unpin != null) {
            unpin.file().close();
        }
        return true;
    }
}
