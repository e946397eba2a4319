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
 * ready (a burst of logins) one is made inline. The GridFTP door and the SRM door (httpg's 'D')
 * each keep one.
 */
public final class DelegationKeys implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DelegationKeys.class);
    private static final int READY = 4;

    private final BlockingQueue<KeyPair> ready = new ArrayBlockingQueue<>(READY);
    private final Thread maker;

    /** Starts making pairs ahead, on a thread named {@code threadName}. */
    public DelegationKeys(String threadName) {
        maker = new Thread(this::makeAhead, threadName);
        maker.setDaemon(true);
        maker.setPriority(Thread.MIN_PRIORITY);
        maker.start();
    }

    /** A delegation on a key pair nobody has used. */
    public Delegation next() throws MdmException {
        KeyPair pair = ready.poll();
        return Delegation.with(pair != null ? pair : Delegation.newKeyPair());
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
    public void close() {
        maker.interrupt();
        ready.clear();
    }
}
