package org.mdm.dicom.net;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes PDUs on one association. Every write holds a lock so an A-ABORT sent from a watchdog
 * thread never lands in the middle of a P-DATA PDU.
 */
final class PduWriter {
    private static final int DEFAULT_FRAGMENT = 64 * 1024;
    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile int peerMaxPdu;

    PduWriter(OutputStream out) {
        this.out = out;
    }

    void setPeerMaxPdu(int peerMaxPdu) {
        this.peerMaxPdu = peerMaxPdu;
    }

    /** Sends a command and an optional data set, fragmented to the peer's maximum PDU length. */
    void writeMessage(int context, byte[] command, byte[] data) throws IOException {
        lock.lock();
        try {
            writeFragments(context, command, true);
            if (data != null) {
                writeFragments(context, data, false);
            }
            out.flush();
        } finally {
            lock.unlock();
        }
    }

    /** Writes a complete control PDU (association, release). */
    void writeRaw(byte[] pdu) throws IOException {
        lock.lock();
        try {
            out.write(pdu);
            out.flush();
        } finally {
            lock.unlock();
        }
    }

    /** Writes a control PDU if the lock frees quickly; false if a write is stuck (then close the socket). */
    boolean tryWriteRaw(byte[] pdu, long waitMillis) {
        try {
            if (!lock.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try {
            out.write(pdu);
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        } finally {
            lock.unlock();
        }
    }

    private void writeFragments(int context, byte[] value, boolean command) throws IOException {
        int max = peerMaxPdu <= 12 ? DEFAULT_FRAGMENT : Math.min(peerMaxPdu - 6, DEFAULT_FRAGMENT * 16);
        int off = 0;
        do {
            int n = Math.min(max, value.length - off);
            boolean last = off + n == value.length;
            int pdvLen = n + 2;
            byte[] header = {Pdu.P_DATA_TF, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) context,
                (byte) ((command ? 1 : 0) | (last ? 2 : 0))};
            System.arraycopy(Pdu.be32(pdvLen + 4), 0, header, 2, 4);
            System.arraycopy(Pdu.be32(pdvLen), 0, header, 6, 4);
            out.write(header);
            out.write(value, off, n);
            off += n;
        } while (off < value.length);
    }
}
