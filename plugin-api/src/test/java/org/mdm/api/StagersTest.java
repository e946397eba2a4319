package org.mdm.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StagersTest {

    private static StageRequest request() throws MdmException {
        return StageRequest.of(Pfn.parse("file:///x"), GridPrincipal.LOCAL, Duration.ofSeconds(10));
    }

    @Test
    void aWorkErrorEndsTheRequestWithThatError() throws Exception {
        try (Stagers stagers = new Stagers("t", Executors.newSingleThreadExecutor())) {
            StageRequest r = request();
            stagers.submit(r, q -> {
                throw new MdmException(Status.NOT_FOUND, "no such file x");
            });
            MdmException e = assertThrows(MdmException.class, r::await);
            assertEquals(Status.NOT_FOUND, e.status());
        }
    }

    @Test
    void anUnexpectedExceptionStillEndsTheRequestAsAnInternalError() throws Exception {
        try (Stagers stagers = new Stagers("t", Executors.newSingleThreadExecutor())) {
            StageRequest r = request();
            stagers.submit(r, q -> {
                throw new IllegalStateException("a bug");
            });
            MdmException e = assertThrows(MdmException.class, r::await);
            assertEquals(Status.INTERNAL_ERROR, e.status());
            assertTrue(e.getMessage().contains("IllegalStateException") && e.getMessage().contains("file:///x"),
                    e.getMessage());
        }
    }

    @Test
    void aFullOrClosedExecutorRefusesAtOnceAsPeerUnavailable() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        ThreadPoolExecutor one = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1));
        Stagers stagers = new Stagers("busy", one);
        Stagers.Work blocked = q -> {
            try {
                hold.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new MdmException(Status.CANCELLED, "stopped");
        };
        stagers.submit(request(), blocked);
        stagers.submit(request(), blocked);
        StageRequest third = request();
        stagers.submit(third, blocked);
        MdmException e = assertThrows(MdmException.class, third::await);
        assertEquals(Status.PEER_UNAVAILABLE, e.status());
        assertTrue(e.getMessage().contains("busy"), e.getMessage());
        hold.countDown();
        stagers.close();
        StageRequest late = request();
        stagers.submit(late, blocked);
        assertEquals(Status.PEER_UNAVAILABLE, assertThrows(MdmException.class, late::await).status());
    }
}
