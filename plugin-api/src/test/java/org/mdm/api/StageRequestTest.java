package org.mdm.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StageRequestTest {

    @Test
    void cancelRunsHooksOnceAndFailsTheRequest() throws Exception {
        StageRequest request = StageRequest.of(Pfn.parse("file://h/x"), GridPrincipal.LOCAL, Duration.ofMinutes(1));
        AtomicInteger hooks = new AtomicInteger();
        request.onCancel(hooks::incrementAndGet);
        assertFalse(request.isCancelled());
        assertTrue(request.cancel());
        assertFalse(request.cancel());
        assertEquals(1, hooks.get());
        assertTrue(request.isCancelled());
        MdmException e = assertThrows(MdmException.class, request::await);
        assertEquals(Status.CANCELLED, e.status());
        request.onCancel(hooks::incrementAndGet);
        assertEquals(2, hooks.get(), "a hook registered after cancellation runs at once");
    }

    @Test
    void awaitTimesOutAtTheDeadlineAndCancels() throws Exception {
        StageRequest request = StageRequest.of(Pfn.parse("file://h/x"), GridPrincipal.LOCAL, Duration.ofMillis(50));
        MdmException e = assertThrows(MdmException.class, request::await);
        assertEquals(Status.TIMEOUT, e.status());
        assertTrue(request.isCancelled());
        assertThrows(MdmException.class, request::checkActive);
    }

    @Test
    void failureIsReportedWithItsStatus() throws Exception {
        StageRequest request = StageRequest.of(Pfn.parse("file://h/x"), GridPrincipal.LOCAL, Duration.ofMinutes(1));
        request.failed(new MdmException(Status.NOT_FOUND, "gone"));
        MdmException e = assertThrows(MdmException.class, request::await);
        assertEquals(Status.NOT_FOUND, e.status());
        assertFalse(request.isCancelled());
    }
}
