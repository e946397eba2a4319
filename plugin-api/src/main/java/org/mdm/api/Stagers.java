package org.mdm.api;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor a backend stages on, so that {@link Backend#stage} returns at once and a slow
 * peer never blocks a door's thread (after dCache's blocking nearline base). It ends every
 * request exactly once: with the work's result, its {@link MdmException}, INTERNAL_ERROR for
 * anything unexpected (logged with its stack, which never holds patient data), or
 * PEER_UNAVAILABLE when the executor is full or shut down.
 */
public final class Stagers implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Stagers.class.getName());

    /** The blocking part of staging one request. */
    @FunctionalInterface
    public interface Work {
        /** Stages the request's file and returns it pinned. */
        StageResult stage(StageRequest request) throws MdmException;
    }

    /** Requests staging now, and requests waiting for a thread (for an administrator's status). */
    public record Load(int running, int queued) {
    }

    private final String backend;
    private final ExecutorService executor;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();

    /** Stagers for the backend named {@code backend}; this object owns and shuts down the executor. */
    public Stagers(String backend, ExecutorService executor) {
        this.backend = backend;
        this.executor = executor;
    }

    /** Runs {@code work} for {@code request} on the executor; never throws. */
    public void submit(StageRequest request, Work work) {
        queued.incrementAndGet();
        try {
            executor.execute(() -> {
                queued.decrementAndGet();
                running.incrementAndGet();
                try {
                    run(request, work);
                } finally {
                    running.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            queued.decrementAndGet();
            request.failed(new MdmException(Status.PEER_UNAVAILABLE, "Backend '" + backend
                    + "' is shutting down or overloaded; retry " + request.pfn() + " later."));
        }
    }

    private void run(StageRequest request, Work work) {
        try {
            request.completed(work.stage(request));
        } catch (MdmException e) {
            LOG.log(System.Logger.Level.DEBUG, "Staging {0} failed: {1}", request.id(), e.status());
            request.failed(e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Staging " + request.id() + " failed unexpectedly", e);
            request.failed(new MdmException(Status.INTERNAL_ERROR, "Staging of " + request.pfn()
                    + " failed unexpectedly (" + e.getClass().getSimpleName() + "); see the server log.", e));
        }
    }

    /** How many requests stage now and how many wait. */
    public Load load() {
        return new Load(running.get(), Math.max(0, queued.get()));
    }

    /** Interrupts running work and waits up to 10 s for it to stop. */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
