package org.mdm.se.srm;

import java.util.ArrayList;
import java.util.List;

/**
 * What to undo when a response never reaches its client: a client that hangs up during
 * srmPrepareToGet never learns its token, so it could never release what the request pins.
 */
final class Delivery {
    private final List<Runnable> undo = new ArrayList<>();

    /** Runs {@code action} if the response cannot be delivered. */
    synchronized void ifUndelivered(Runnable action) {
        undo.add(action);
    }

    /** The response could not be written: undo. */
    void failed() {
        List<Runnable> actions;
        synchronized (this) {
            actions = List.copyOf(undo);
            undo.clear();
        }
        actions.forEach(Runnable::run);
    }
}
