package org.mdm.security.gsi;

import java.security.KeyPair;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.mdm.api.MdmException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RSA key pairs for delegations, made ahead of time on one low-priority thread: a login that
 * delegates would otherwise wait 20-400 ms for a prime search (measured by bench/gridftp.sh:
 * spool-hit download p50 119 ms → 35 ms). Each pair serves one delegation only; when none is
 * ready (the first delegation, or a burst of logins) one is made inline. The GridFTP door and the SRM door (httpg's 'D')
 * each keep one.
 */
public final class DelegationKeys implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DelegationKeys.class);
    private static final int READY = 4;

    private final BlockingQueue<KeyPair> ready = new ArrayBlockingQueue<>(READY);
    private final Thread maker;
    private boolean started;
    private boolean closed;

    /**
     * Pairs made on a thread named {@code threadName}, from the first delegation on: a door whose
     * clients never delegate (gfal2's SRM sends '0') spends nothing on them, and start-up stays light.
     */
    public DelegationKeys(String threadName) {
        maker = new Thread(this::makeAhead, threadName);
        maker.setDaemon(true);
        maker.setPriority(Thread.MIN_PRIORITY);
    }

    /** A delegation on a key pair nobody has used. */
    public Delegation next() throws MdmException {
        startMaking();
        KeyPair pair = ready.poll();
        return Delegation.with(pair != null ? pair : Delegation.newKeyPair());
    }

    private synchronized void startMaking() {
        if (!started && !closed) {
            started = true;
            maker.start();
        }
    }

    private void makeAhead() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                ready.put(Delegation.newKeyPair());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (MdmException e) {
            LOG.warn("delegation keys are made at login only: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        maker.interrupt();
        ready.clear();
    }
}
