package org.mdm.dicom.net;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Pairs objects arriving at our Store SCP with the C-MOVE waiting for them: first by the Move
 * Originator Message ID the server copies into each C-STORE-RQ (unique among the moves in
 * flight, since it is allocated here), then by SOP Instance UID for servers that omit it.
 */
final class MoveRegistry {
    private final Map<Integer, Waiter> byMessageId = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger();

    /** One C-MOVE in flight. */
    static final class Waiter {
        private final int messageId;
        private final String expectedInstance;
        private final Consumer<RetrievedInstance> sink;
        private final AtomicInteger received = new AtomicInteger();
        private volatile Exception failure;

        private Waiter(int messageId, String expectedInstance, Consumer<RetrievedInstance> sink) {
            this.messageId = messageId;
            this.expectedInstance = expectedInstance;
            this.sink = sink;
        }

        int messageId() {
            return messageId;
        }

        void deliver(RetrievedInstance instance) {
            received.incrementAndGet();
            sink.accept(instance);
        }

        void fail(Exception e) {
            if (failure == null) {
                failure = e;
            }
        }

        int received() {
            return received.get();
        }

        Exception failure() {
            return failure;
        }
    }

    /** Registers a move under a fresh message id (1..65535, skipping ids still in flight). */
    Waiter register(String expectedInstance, Consumer<RetrievedInstance> sink) {
        while (true) {
            int id = nextId.updateAndGet(v -> v >= 0xFFFF ? 1 : v + 1);
            Waiter w = new Waiter(id, expectedInstance, sink);
            if (byMessageId.putIfAbsent(id, w) == null) {
                return w;
            }
        }
    }

    void remove(Waiter w) {
        byMessageId.remove(w.messageId, w);
    }

    /** The move an arriving object belongs to, or null if nobody waits for it. */
    Waiter find(int moveOriginatorId, String sopInstance) {
        Waiter w = moveOriginatorId > 0 ? byMessageId.get(moveOriginatorId) : null;
        if (w != null) {
            return w;
        }
        for (Waiter candidate : byMessageId.values()) {
            if (sopInstance != null && sopInstance.equals(candidate.expectedInstance)) {
                return candidate;
            }
        }
        return null;
    }
}
