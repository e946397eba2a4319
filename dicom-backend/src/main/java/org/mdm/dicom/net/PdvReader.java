package org.mdm.dicom.net;

import java.io.DataInputStream;
import java.io.IOException;

/**
 * Reads DIMSE messages from the P-DATA-TF stream of one association: command fragments are
 * gathered into a small array, data fragments are read straight into the caller's buffer.
 * A-RELEASE-RQ and A-ABORT from the peer end the stream with an exception.
 */
final class PdvReader {
    /**
     * The largest command set accepted. A command is a few dozen elements; the bound keeps a
     * peer's forged PDV length from making us allocate gigabytes before any data arrives.
     */
    private static final int MAX_COMMAND = 64 * 1024;

    private final DataInputStream in;
    private final Runnable onReleaseRequest;
    private long pduRemaining;
    private int pdvRemaining;
    private boolean pdvCommand;
    private boolean pdvLast;
    private int pdvContext;

    /** @param onReleaseRequest answers a peer's A-RELEASE-RQ before the stream ends */
    PdvReader(DataInputStream in, Runnable onReleaseRequest) {
        this.in = in;
        this.onReleaseRequest = onReleaseRequest;
    }

    /** The presentation context of the last fragment read. */
    int context() {
        return pdvContext;
    }

    /** Reads one whole command set. */
    byte[] readCommand() throws IOException {
        GrowableBytes cmd = new GrowableBytes(256);
        do {
            nextPdv();
            if (!pdvCommand) {
                throw new DicomProtocolException("data fragment where a DIMSE command was expected");
            }
            if ((long) cmd.size() + pdvRemaining > MAX_COMMAND) {
                throw new DicomProtocolException("DIMSE command longer than " + MAX_COMMAND + " bytes");
            }
            cmd.readFrom(in, pdvRemaining);
            pdvRemaining = 0;
        } while (!pdvLast);
        return cmd.toByteArray();
    }

    /** Reads the data set that follows a command into {@code target}. */
    void readData(GrowableBytes target) throws IOException {
        do {
            nextPdv();
            if (pdvCommand) {
                throw new DicomProtocolException("command fragment where a data set was expected");
            }
            target.readFrom(in, pdvRemaining);
            pdvRemaining = 0;
        } while (!pdvLast);
    }

    /**
     * Reads the data set that follows a command into {@code target} while it holds at most
     * {@code limit} bytes; past that, the rest of the data set is read and discarded (memory
     * stays bounded, the association stays usable for the answer).
     *
     * @return false if the data set did not fit (then {@code target} holds only a part)
     */
    boolean readData(GrowableBytes target, long limit) throws IOException {
        boolean fits = true;
        do {
            nextPdv();
            if (pdvCommand) {
                throw new DicomProtocolException("command fragment where a data set was expected");
            }
            if (fits && target.size() + (long) pdvRemaining <= limit) {
                target.readFrom(in, pdvRemaining);
            } else {
                fits = false;
                in.skipNBytes(pdvRemaining);
            }
            pdvRemaining = 0;
        } while (!pdvLast);
        return fits;
    }

    /** Reads and discards the data set that follows a command. */
    void skipData() throws IOException {
        do {
            nextPdv();
            if (pdvCommand) {
                throw new DicomProtocolException("command fragment where a data set was expected");
            }
            in.skipNBytes(pdvRemaining);
            pdvRemaining = 0;
        } while (!pdvLast);
    }

    private void nextPdv() throws IOException {
        while (pduRemaining == 0) {
            nextPdu();
        }
        if (pduRemaining < 6) {
            throw new DicomProtocolException("P-DATA-TF PDU ends inside a PDV header");
        }
        long len = in.readInt() & 0xffffffffL;
        pdvContext = in.readUnsignedByte();
        int header = in.readUnsignedByte();
        if (len < 2 || len + 4 > pduRemaining) {
            throw new DicomProtocolException("PDV length " + len + " does not fit its PDU");
        }
        pduRemaining -= 4 + len;
        pdvRemaining = (int) (len - 2);
        pdvCommand = (header & 1) != 0;
        pdvLast = (header & 2) != 0;
    }

    private void nextPdu() throws IOException {
        int type = in.readUnsignedByte();
        in.readUnsignedByte();
        long len = in.readInt() & 0xffffffffL;
        switch (type) {
            case Pdu.P_DATA_TF -> pduRemaining = len;
            case Pdu.RELEASE_RQ -> {
                in.skipNBytes(len);
                onReleaseRequest.run();
                throw new PeerReleasedException();
            }
            case Pdu.ABORT -> {
                byte[] body = in.readNBytes((int) Math.min(len, 64));
                int source = body.length > 2 ? body[2] & 0xff : -1;
                int reason = body.length > 3 ? body[3] & 0xff : -1;
                throw new DicomProtocolException("the peer aborted the association (A-ABORT source " + source
                        + ", reason " + reason + ")");
            }
            default -> throw new DicomProtocolException("unexpected PDU type 0x" + Integer.toHexString(type)
                    + " during data transfer");
        }
    }

    /** The peer released the association (normal end for an acceptor). */
    static final class PeerReleasedException extends DicomProtocolException {
        private static final long serialVersionUID = 1L;

        PeerReleasedException() {
            super("the peer released the association");
        }
    }
}
