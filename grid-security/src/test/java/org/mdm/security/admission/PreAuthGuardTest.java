package org.mdm.security.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The shared pre-authentication admission: bounds, per-address bound, deadline, logging. */
class PreAuthGuardTest {
    private static final Runnable NOTHING = () -> { };

    private static InetSocketAddress from(String address) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(address), 40000);
    }

    @Test
    void oneAddressGetsItsShareAndOthersStillGetIn() throws Exception {
        try (PreAuthGuard guard = new PreAuthGuard("test", new PreAuthLimits(5, 2, Duration.ofMinutes(1)))) {
            PreAuthGuard.Admission a1 = guard.admit(from("10.0.0.1"), NOTHING);
            assertNotNull(a1);
            assertNotNull(guard.admit(from("10.0.0.1"), NOTHING));
            assertNull(guard.admit(from("10.0.0.1"), NOTHING), "third from one address");
            assertNotNull(guard.admit(from("10.0.0.2"), NOTHING), "another address still gets in");
            assertEquals(3, guard.unauthenticated());
            assertTrue(a1.authenticated());
            assertEquals(2, guard.unauthenticated(), "an authenticated connection no longer counts");
            assertNotNull(guard.admit(from("10.0.0.1"), NOTHING), "its slot went back to its address");
            a1.close();
            assertEquals(3, guard.unauthenticated(), "closing after authentication frees nothing twice");
        }
    }

    @Test
    void theTotalBoundHoldsAcrossAddresses() throws Exception {
        try (PreAuthGuard guard = new PreAuthGuard("test", new PreAuthLimits(3, 1, Duration.ofMinutes(1)))) {
            PreAuthGuard.Admission first = guard.admit(from("10.0.0.1"), NOTHING);
            assertNotNull(guard.admit(from("10.0.0.2"), NOTHING));
            assertNotNull(guard.admit(from("10.0.0.3"), NOTHING));
            assertNull(guard.admit(from("10.0.0.4"), NOTHING));
            first.close();
            first.close();
            assertEquals(2, guard.unauthenticated(), "close is idempotent");
            assertNotNull(guard.admit(from("10.0.0.4"), NOTHING));
        }
    }

    @Test
    void ipv6ClientsCountPerSlash64() throws Exception {
        try (PreAuthGuard guard = new PreAuthGuard("test", new PreAuthLimits(10, 1, Duration.ofMinutes(1)))) {
            assertNotNull(guard.admit(from("2001:db8:1:2::1"), NOTHING));
            assertNull(guard.admit(from("2001:db8:1:2::ffff"), NOTHING), "same /64");
            assertNotNull(guard.admit(from("2001:db8:1:3::1"), NOTHING), "another /64");
        }
    }

    @Test
    void theDeadlineClosesAPendingConnectionAndFreesItsSlot() throws Exception {
        try (PreAuthGuard guard = new PreAuthGuard("test", new PreAuthLimits(2, 1, Duration.ofMillis(200)))) {
            CountDownLatch closed = new CountDownLatch(1);
            long t0 = System.nanoTime();
            PreAuthGuard.Admission a = guard.admit(from("10.0.0.1"), closed::countDown);
            assertTrue(closed.await(5, TimeUnit.SECONDS), "closed at the deadline");
            assertTrue(System.nanoTime() - t0 >= 190_000_000L, "not before it");
            assertTrue(a.expired());
            assertFalse(a.authenticated(), "too late to authenticate");
            assertEquals(0, guard.unauthenticated());
            CountDownLatch never = new CountDownLatch(1);
            PreAuthGuard.Admission b = guard.admit(from("10.0.0.1"), never::countDown);
            assertTrue(b.authenticated());
            assertFalse(never.await(500, TimeUnit.MILLISECONDS), "an authenticated connection is not closed");
        }
    }

    @Test
    void aListenerThatSeesTheDeadlineItselfReportsAnExpiry() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(RefusalLog.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (PreAuthGuard guard = new PreAuthGuard("door :9", new PreAuthLimits(2, 1, Duration.ofMillis(100)),
                Duration.ofMinutes(1))) {
            CountDownLatch closed = new CountDownLatch(1);
            PreAuthGuard.Admission a = guard.admit(from("10.1.1.1"), closed::countDown);
            Thread.sleep(150);
            assertTrue(a.remaining().isZero());
            assertFalse(closed.await(100, TimeUnit.MILLISECONDS), "the guard waits for its grace");
            a.expireNow();
            assertTrue(a.expired() && closed.getCount() == 0);
            assertEquals(0, guard.unauthenticated());
            assertTrue(lines.list.stream().anyMatch(e -> e.getFormattedMessage().contains("10.1.1.1")
                    && e.getFormattedMessage().contains("deadline")), lines.list.toString());
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void limitsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new PreAuthLimits(4, 5, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new PreAuthLimits(4, 0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new PreAuthLimits(4, 2, Duration.ZERO));
    }

    @Test
    void aFloodLogsOneLinePerWindowAndASummary() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(RefusalLog.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            AtomicLong now = new AtomicLong(1);
            RefusalLog log = new RefusalLog("door :1", Duration.ofSeconds(10), now::get);
            for (int i = 0; i < 1000; i++) {
                log.note(InetAddress.getByName("10.0.0." + (i % 50)), "too many");
            }
            log.flush();
            assertEquals(1, lines.list.size(), "inside the window only the first is logged: " + lines.list);
            assertTrue(lines.list.get(0).getFormattedMessage().contains("10.0.0.0"), lines.list.toString());
            now.addAndGet(Duration.ofSeconds(11).toNanos());
            log.flush();
            assertEquals(2, lines.list.size(), lines.list.toString());
            String summary = lines.list.get(1).getFormattedMessage();
            assertTrue(summary.contains("999 more") && summary.contains("too many") && summary.contains("10.0.0.1"),
                    summary);
            log.flush();
            assertEquals(2, lines.list.size(), "nothing more to say");
        } finally {
            logger.detachAppender(lines);
        }
    }

    @Test
    void refusalsAreLogged() throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(RefusalLog.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try (PreAuthGuard guard = new PreAuthGuard("door :7", new PreAuthLimits(2, 1, Duration.ofMinutes(1)))) {
            guard.admit(from("10.9.8.7"), NOTHING);
            guard.admit(from("10.9.8.7"), NOTHING);
            List<String> text = lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertEquals(1, text.size(), text.toString());
            assertTrue(text.get(0).contains("door :7") && text.get(0).contains("10.9.8.7")
                    && text.get(0).contains("from this address"), text.get(0));
        } finally {
            logger.detachAppender(lines);
        }
    }
}
