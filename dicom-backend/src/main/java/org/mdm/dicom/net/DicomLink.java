package org.mdm.dicom.net;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One established DICOM association over TCP: sends and receives DIMSE messages, releases or
 * aborts. Not thread-safe except {@link #abort}, which any thread may call to stop a blocked
 * reader (a watchdog does so on timeout or cancel).
 */
final class DicomLink implements AutoCloseable {
    private static final int SOCKET_BUFFER = 1 << 20;
    private static final int STREAM_BUFFER = 1 << 16;

    private final Socket socket;
    private final DicomNode peer;
    private final DataInputStream in;
    private final PduWriter writer;
    private final PdvReader reader;
    private final Map<Integer, PresentationContext> accepted = new HashMap<>();
    private final AtomicReference<AbortReason> abortReason = new AtomicReference<>();
    private volatile boolean closed;
    private int nextMessageId = 1;

    private DicomLink(Socket socket, DicomNode peer) throws IOException {
        this.socket = socket;
        this.peer = peer;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), STREAM_BUFFER));
        this.writer = new PduWriter(new BufferedOutputStream(socket.getOutputStream(), STREAM_BUFFER));
        this.reader = new PdvReader(in, () -> writer.tryWriteRaw(Pdu.releaseResponse(), 1000));
    }

    /**
     * Connects and negotiates as association requester.
     *
     * @throws AssociationRejectedException on A-ASSOCIATE-RJ
     * @throws IOException                  on connect failure, timeout or protocol error
     */
    static DicomLink open(DicomNode node, AssociateRequest rq, int connectTimeoutMs, int readTimeoutMs)
            throws IOException {
        Socket s = new Socket();
        try {
            tune(s);
            try {
                s.connect(new InetSocketAddress(node.host(), node.port()), connectTimeoutMs);
            } catch (java.net.SocketTimeoutException e) {
                // a connect timeout means "unreachable", not "slow": report it as such
                throw new java.net.ConnectException("no answer to TCP connect within " + connectTimeoutMs + " ms");
            }
            s.setSoTimeout(readTimeoutMs);
            DicomLink link = new DicomLink(s, node);
            link.negotiate(rq);
            return link;
        } catch (IOException | RuntimeException e) {
            closeQuietly(s);
            throw e;
        }
    }

    /** Wraps an accepted socket (we are the acceptor; negotiation is done by the caller). */
    static DicomLink accepted(Socket s, DicomNode peer, int readTimeoutMs) throws IOException {
        tune(s);
        s.setSoTimeout(readTimeoutMs);
        return new DicomLink(s, peer);
    }

    private static void tune(Socket s) throws IOException {
        s.setTcpNoDelay(true); // DIMSE is request/response: Nagle would add 40 ms stalls
        s.setReceiveBufferSize(SOCKET_BUFFER);
        s.setSendBufferSize(SOCKET_BUFFER / 4);
    }

    private void negotiate(AssociateRequest rq) throws IOException {
        writer.writeRaw(Pdu.encodeRequest(rq));
        int type = in.readUnsignedByte();
        in.readUnsignedByte();
        int len = in.readInt();
        if (len < 0 || len > 1 << 20) {
            throw new DicomProtocolException("implausible association response length " + len);
        }
        byte[] body = in.readNBytes(len);
        if (body.length < len) {
            throw new java.io.EOFException("connection closed during association negotiation");
        }
        if (type == Pdu.ASSOCIATE_RJ && len >= 4) {
            throw AssociationRejectedException.of(body[1] & 0xff, body[2] & 0xff, body[3] & 0xff);
        }
        if (type == Pdu.ABORT) {
            throw new AssociationRejectedException("aborted the association request (A-ABORT)");
        }
        if (type != Pdu.ASSOCIATE_AC) {
            throw new DicomProtocolException("answered the association request with PDU type 0x"
                    + Integer.toHexString(type));
        }
        Pdu.Accept ac = Pdu.decodeAccept(body, rq);
        setAccepted(ac.contexts(), ac.peerMaxPduLength());
    }

    /** Records the negotiated contexts (acceptor side sets them after answering). */
    void setAccepted(List<PresentationContext> contexts, int peerMaxPdu) {
        for (PresentationContext pc : contexts) {
            if (pc.accepted()) {
                accepted.put(pc.id(), pc);
            }
        }
        writer.setPeerMaxPdu(peerMaxPdu);
    }

    PduWriter writer() {
        return writer;
    }

    DataInputStream input() {
        return in;
    }

    DicomNode peer() {
        return peer;
    }

    /** The first accepted context for the SOP class, or -1. */
    int contextFor(String sopClass) {
        for (PresentationContext pc : accepted.values()) {
            if (pc.abstractSyntax().equals(sopClass)) {
                return pc.id();
            }
        }
        return -1;
    }

    /** The accepted transfer syntax of a context, or null if the context was not accepted. */
    String transferSyntax(int context) {
        PresentationContext pc = accepted.get(context);
        return pc == null ? null : pc.transferSyntax();
    }

    int acceptedCount() {
        return accepted.size();
    }

    int nextMessageId() {
        int id = nextMessageId;
        nextMessageId = nextMessageId == 0xFFFF ? 1 : nextMessageId + 1;
        return id;
    }

    void send(int context, Command command, byte[] data) throws IOException {
        writer.writeMessage(context, command.encode(), data);
    }

    Command readCommand() throws IOException {
        byte[] bytes = reader.readCommand();
        return Command.decode(bytes, bytes.length);
    }

    int lastContext() {
        return reader.context();
    }

    void readData(GrowableBytes target) throws IOException {
        reader.readData(target);
    }

    /** Reads a data set of at most {@code limit} bytes in all into {@code target}; false (rest discarded) if larger. */
    boolean readData(GrowableBytes target, long limit) throws IOException {
        return reader.readData(target, limit);
    }

    void skipData() throws IOException {
        reader.skipData();
    }

    void setReadTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** True while the association can carry another operation. */
    boolean isUsable() {
        return !closed && abortReason.get() == null && !socket.isClosed();
    }

    /** Why we aborted, or null if we did not. */
    AbortReason abortReason() {
        return abortReason.get();
    }

    /** Sends A-ABORT and closes the socket; safe from any thread, idempotent. */
    void abort(AbortReason reason) {
        abortReason.compareAndSet(null, reason);
        if (!closed) {
            closed = true;
            writer.tryWriteRaw(Pdu.abort(), 200);
            closeQuietly(socket);
        }
    }

    /** Orderly A-RELEASE; falls back to closing the socket if the peer does not answer soon. */
    void release() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            socket.setSoTimeout(2000);
            writer.writeRaw(Pdu.releaseRequest());
            int type = in.readUnsignedByte();
            if (type != Pdu.RELEASE_RP) {
                writer.tryWriteRaw(Pdu.abort(), 100);
            }
        } catch (IOException e) {
            // the peer may have closed first; the socket goes either way
        } finally {
            closeQuietly(socket);
        }
    }

    @Override
    public void close() {
        release();
    }

    /** Marks the link closed without a release exchange (the peer already ended it). */
    void closeNow() {
        closed = true;
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing left to do with a socket that will not close
        }
    }

    @Override
    public String toString() {
        return "association to " + peer;
    }
}
