package org.mdm.se.srm;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One SRM get or bring-online request: its token, its owner, its files. Only its owner (by DN)
 * may see or change it; to anyone else the token names nothing.
 */
final class StageBatch {
    enum Kind { GET, BRING_ONLINE }

    private final String token;
    private final Kind kind;
    private final String owner;
    private final List<FileStage> files;
    private volatile Instant finishedAt;
    private final AtomicInteger staging;
    private final CompletableFuture<Void> settled = new CompletableFuture<>();

    StageBatch(String token, Kind kind, String owner, List<FileStage> files) {
        this.token = token;
        this.kind = kind;
        this.owner = owner;
        this.files = List.copyOf(files);
        this.staging = new AtomicInteger(files.size());
    }

    /** One file's staging ended (pinned, failed, refused or cancelled): called once per file. */
    void fileSettled() {
        if (staging.decrementAndGet() == 0) {
            settled.complete(null);
        }
    }

    /** Waits up to {@code limit} until every file's staging has ended; whether they all have. */
    boolean awaitSettled(Duration limit) throws InterruptedException {
        if (limit.isZero()) {
            return settled.isDone();
        }
        try {
            settled.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    String token() {
        return token;
    }

    Kind kind() {
        return kind;
    }

    String owner() {
        return owner;
    }

    List<FileStage> files() {
        return files;
    }

    /** The file of this request named {@code surl}, as the client sent it. */
    Optional<FileStage> file(String surl) {
        return files.stream().filter(f -> f.surl().equals(surl)).findFirst();
    }

    /** Whether no file holds or awaits anything any more. */
    boolean finished() {
        return files.stream().allMatch(FileStage::finished);
    }

    /** When the reaper first saw it finished (null before): it is forgotten some time after. */
    Instant finishedAt() {
        return finishedAt;
    }

    void markFinished(Instant when) {
        if (finishedAt == null) {
            finishedAt = when;
        }
    }
}
