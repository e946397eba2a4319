package org.mdm.dicom.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SingleFlightTest {

    @Test
    void concurrentCallersShareOneProduction() throws Exception {
        SingleFlight<String, Integer> flights = new SingleFlight<>();
        AtomicInteger productions = new AtomicInteger();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<CompletableFuture<Integer>>> calls = new ArrayList<>();
            calls.add(pool.submit(() -> flights.join("k", hook -> { }, abandoned -> {
                productions.incrementAndGet();
                inside.countDown();
                await(release);
                return 42;
            })));
            assertTrue(inside.await(5, TimeUnit.SECONDS));
            for (int i = 0; i < 19; i++) {
                calls.add(pool.submit(() -> flights.join("k", hook -> { }, abandoned -> {
                    productions.incrementAndGet();
                    return -1;
                })));
            }
            Thread.sleep(100);
            release.countDown();
            for (Future<CompletableFuture<Integer>> call : calls) {
                assertEquals(42, call.get(5, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS));
            }
            assertEquals(1, productions.get());
            assertEquals(0, flights.running());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void flightIsAbandonedOnlyWhenEveryWaiterGivesUp() throws Exception {
        SingleFlight<String, Integer> flights = new SingleFlight<>();
        List<Runnable> giveUps = new ArrayList<>();
        CountDownLatch inside = new CountDownLatch(1);
        CompletableFuture<CompletableFuture<Void>> abandonedSeen = new CompletableFuture<>();
        Thread leader = new Thread(() -> flights.join("k", giveUps::add, abandoned -> {
            abandonedSeen.complete(abandoned);
            inside.countDown();
            abandoned.join();
            return 0;
        }));
        leader.start();
        assertTrue(inside.await(5, TimeUnit.SECONDS));
        flights.join("k", giveUps::add, abandoned -> 1);
        CompletableFuture<Void> abandoned = abandonedSeen.get();
        assertEquals(2, giveUps.size());
        giveUps.get(0).run();
        assertFalse(abandoned.isDone());
        giveUps.get(1).run();
        assertTrue(abandoned.isDone());
        leader.join(5000);
        assertFalse(leader.isAlive());
    }

    @Test
    void failureReachesEveryCallerAndALaterCallerStartsAfresh() throws Exception {
        SingleFlight<String, Integer> flights = new SingleFlight<>();
        CompletableFuture<Integer> failed = flights.join("k", h -> { }, a -> {
            throw new IllegalStateException("boom");
        });
        assertTrue(failed.isCompletedExceptionally());
        assertEquals(7, flights.join("k", h -> { }, a -> 7).get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
