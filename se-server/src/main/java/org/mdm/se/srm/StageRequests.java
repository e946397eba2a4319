package org.mdm.se.srm;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.se.Staging;
import org.mdm.se.StorageElement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SRM door's get and bring-online requests, in memory with their pins (a restart forgets
 * them, and the spool's pins go with the process). Staging starts when a request arrives; a
 * staged file stays pinned until released, aborted or its pin lifetime ends, checked by
 * {@link #reap} every second. Finished requests are forgotten after {@link SrmLimits#keepFinished}.
 */
final class StageRequests implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StageRequests.class);

    private final StorageElement se;
    private final SrmLimits limits;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, StageBatch> batches = new ConcurrentHashMap<>();

    StageRequests(StorageElement se, SrmLimits limits, Clock clock) {
        this.se = se;
        this.limits = limits;
        this.clock = clock;
    }

    /** A SURL of a new request: its path, or why the SURL itself was refused. */
    record Wanted(String surl, String path, MdmException refused) {
    }

    /**
     * Starts a request: every file that may be read starts staging now.
     *
     * @throws MdmException INVALID_REQUEST when the caller has too many unfinished requests
     */
    StageBatch submit(StageBatch.Kind kind, GridPrincipal caller, List<Wanted> wanted, Duration pin)
            throws MdmException {
        long open = batches.values().stream().filter(b -> b.owner().equals(caller.dn()) && !b.finished()).count();
        if (open >= limits.maxRequestsPerClient()) {
            throw new MdmException(Status.INVALID_REQUEST, "you have " + open + " unfinished requests on this SE"
                    + " (at most " + limits.maxRequestsPerClient() + "): release or abort some, or wait for them");
        }
        List<FileStage> files = new ArrayList<>(wanted.size());
        for (Wanted w : wanted) {
            FileStage f = new FileStage(w.surl(), w.path(), pin);
            if (w.refused() != null) {
                f.failed(w.refused());
            }
            files.add(f);
        }
        StageBatch batch = new StageBatch(newToken(), kind, caller.dn(), files);
        batches.put(batch.token(), batch);
        for (FileStage f : files) {
            if (f.path() != null && f.state() == FileStage.State.QUEUED) {
                start(f, batch, caller);
            } else {
                batch.fileSettled();
            }
        }
        return batch;
    }

    private void start(FileStage f, StageBatch batch, GridPrincipal caller) {
        Staging staging;
        try {
            staging = se.stage(f.path(), caller);
        } catch (MdmException e) {
            f.failed(e);
            batch.fileSettled();
            return;
        }
        f.started(staging);
        staging.result().whenComplete((staged, failure) -> {
            if (staged != null) {
                f.staged(staged, clock.instant());
            } else {
                f.failed(Staging.failure(failure));
            }
            batch.fileSettled();
        });
    }

    /**
     * The caller's request {@code token} of {@code kind}.
     *
     * @throws MdmException INVALID_REQUEST naming the token: unknown, forgotten, of another kind or
     *                      another user's (the same answer, so tokens reveal nothing)
     */
    StageBatch find(String token, StageBatch.Kind kind, GridPrincipal caller) throws MdmException {
        StageBatch b = token == null ? null : batches.get(token);
        if (b == null || b.kind() != kind || !b.owner().equals(caller.dn())) {
            throw new MdmException(Status.INVALID_REQUEST, "no " + (kind == StageBatch.Kind.GET ? "get"
                    : "bring-online") + " request of yours has token '" + shorten(token) + "' (finished requests"
                    + " are forgotten " + limits.keepFinished().toMinutes() + " min after they end)");
        }
        return b;
    }

    /** The caller's requests that hold {@code surl} (srmReleaseFiles without a token). */
    List<StageBatch> holding(String surl, GridPrincipal caller) {
        return batches.values().stream().filter(b -> b.owner().equals(caller.dn()) && b.file(surl).isPresent())
                .toList();
    }

    /** Ends expired pins and forgets requests finished long enough ago. */
    void reap() {
        Instant now = clock.instant();
        for (StageBatch b : batches.values()) {
            for (FileStage f : b.files()) {
                if (f.expireIfDue(now)) {
                    LOG.info("SRM request {}: a pin expired unreleased", b.token());
                }
            }
            if (b.finished()) {
                b.markFinished(now);
                if (Duration.between(b.finishedAt(), now).compareTo(limits.keepFinished()) >= 0) {
                    batches.remove(b.token());
                }
            }
        }
    }

    /** Files pinned now, for `mdm status`. */
    long pinned() {
        return batches.values().stream().flatMap(b -> b.files().stream())
                .filter(f -> f.state() == FileStage.State.PINNED).count();
    }

    /** Requests known now (unfinished and recently finished). */
    int requests() {
        return batches.size();
    }

    /** Aborts everything: the door is closing, and pins must not outlive it. */
    @Override
    public void close() {
        for (StageBatch b : batches.values()) {
            b.files().forEach(FileStage::abort);
        }
        batches.clear();
    }

    private String newToken() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String shorten(String s) {
        return s == null ? "" : s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
