package org.mdm.security.admission;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * A connection's place at a door that keeps sessions (the GridFTP door, the metadata service;
 * issue 15). Until its login completes it holds a pre-login admission from the door's
 * {@link PreAuthGuard} (its own bound, per address, and the login deadline); at the login it
 * trades it for one of the door's session slots, so half-open logins never take the slots of
 * users who authenticated. The session closes it when the connection ends, whichever way.
 */
public final class LoginSlot implements AutoCloseable {
    /**
     * The guard closes a connection this long after the login timeout. A quiet client meets its
     * read timeout first, set to end exactly at the login timeout, and gets a 421 from its own
     * session; the guard's close is for those that trickle bytes and never finish a line.
     */
    public static final Duration GRACE = Duration.ofSeconds(1);

    private final PreAuthGuard.Admission admission;
    private final Semaphore sessions;
    private boolean loggedIn;

    public LoginSlot(PreAuthGuard.Admission admission, Semaphore sessions) {
        this.admission = admission;
        this.sessions = sessions;
    }

    /**
     * The client completed its login: takes a session slot and leaves the pre-login pool.
     *
     * @return false when every session slot is taken (answer 421 and close), or the login
     *         deadline passed meanwhile
     */
    public synchronized boolean logIn() {
        if (loggedIn) {
            return true;
        }
        if (!sessions.tryAcquire()) {
            return false;
        }
        if (!admission.authenticated()) {
            sessions.release();
            return false;
        }
        loggedIn = true;
        return true;
    }

    /** The read timeout before login: what is left of the login timeout (at least 1 ms). */
    public int loginReadTimeoutMillis() {
        long left = admission.remaining().toMillis();
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, left));
    }

    /** Ends the slot; a connection that never logged in and outlived its deadline counts as timed out (logged). */
    @Override
    public synchronized void close() {
        if (!loggedIn && admission.remaining().isZero()) {
            admission.expireNow();
        }
        admission.close();
        if (loggedIn) {
            loggedIn = false;
            sessions.release();
        }
    }
}
