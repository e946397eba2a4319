package org.mdm.se.gridftp;

import java.security.KeyPair;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.mdm.api.MdmException;
import org.mdm.security.gsi.Delegation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RSA key pairs for delegations, made ahead of time on one low-priority thread: a login that
 * delegates would otherwise wait 20-400 ms for a prime search (measured by bench/gridftp.sh:
 * spool-hit download p50 119 ms → 35 ms). Each pair serves one delegation only; when none is
 * ready (a burst of logins) one is made inline.
 */
final class DelegationKeys implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DelegationKeys.class);
    private static final int READY = 4;

    private final BlockingQueue<KeyPair> ready = new ArrayBlockingQueue<>(READY);
    private final Thread maker;

    DelegationKeys() {
        maker = new Thread(this::makeAhead, "gridftp-delegation-keys");
        maker.setDaemon(true);
        maker.setPriority(Thread.MIN_PRIORITY);
        maker.start();
    }

    /** A delegation on a key pair nobody has used. */
    Delegation next() throws MdmException {
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
