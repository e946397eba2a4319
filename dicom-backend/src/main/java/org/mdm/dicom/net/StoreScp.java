package org.mdm.dicom.net;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our Storage SCP, the destination of C-MOVE: accepts associations from DICOM servers, takes
 * every storage context in the transfer syntax the server proposes first (so it sends objects
 * unchanged), keeps each object in memory and hands it to the C-MOVE waiting for it. Objects
 * nobody waits for are refused, never stored.
 */
final class StoreScp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StoreScp.class);
    private static final int MAX_PDU = 1 << 20;

    private final String aet;
    private final MoveRegistry registry;
    private final int readTimeoutMs;
    private final ServerSocket server;
    private final ExecutorService workers;
    private final Thread acceptor;
    private volatile boolean closing;

    StoreScp(String aet, int port, MoveRegistry registry, int readTimeoutMs) throws IOException {
        this.aet = aet;
        this.registry = registry;
        this.readTimeoutMs = readTimeoutMs;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.setReceiveBufferSize(1 << 20);
        server.bind(new InetSocketAddress(port));
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "mdm-store-scp-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.acceptor = new Thread(this::acceptLoop, "mdm-store-scp-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The port we listen on (useful when configured as 0). */
    int port() {
        return server.getLocalPort();
    }

    String aet() {
        return aet;
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                Socket s = server.accept();
                workers.execute(() -> serve(s));
            } catch (IOException e) {
                if (!closing) {
                    LOG.warn("Store SCP {} on port {}: accept failed: {}", aet, port(), e.toString());
                }
            }
        }
    }

    private void serve(Socket socket) {
        DicomNode peer = new DicomNode("UNKNOWN", socket.getInetAddress().getHostAddress(), socket.getPort());
        DicomLink link = null;
        try {
            link = DicomLink.accepted(socket, peer, readTimeoutMs);
            AssociateRequest rq = Acceptance.readRequest(link);
            if (rq == null) {
                return;
            }
            peer = new DicomNode(rq.callingAet().isEmpty() ? "UNKNOWN" : rq.callingAet(), peer.host(), peer.port());
            if (!aet.equals(rq.calledAet())) {
                link.writer().writeRaw(Pdu.reject(Acceptance.REJECTED_PERMANENT, Acceptance.SOURCE_USER,
                        Acceptance.REASON_CALLED_AET));
                LOG.warn("Store SCP {}: refused an association from {} calling AE title '{}'", aet, peer,
                        rq.calledAet());
                link.closeNow();
                return;
            }
            Acceptance.accept(link, rq, Acceptance.firstSyntaxOfEach(rq, sopClass -> true), MAX_PDU);
            commandLoop(link, peer.aet());
        } catch (PdvReader.PeerReleasedException e) {
            link.closeNow();
        } catch (EOFException | SocketException e) {
            LOG.debug("Store SCP {}: association from {} ended: {}", aet, peer, e.toString());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Store SCP {}: association from {} failed: {}", aet, peer, e.toString());
        } finally {
            if (link != null) {
                link.closeNow();
            } else {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
        }
    }

    private void commandLoop(DicomLink link, String callingAet) throws IOException {
        while (true) {
            Command cmd = link.readCommand();
            int field = cmd.field();
            if (field == Dimse.C_STORE_RQ) {
                store(link, cmd, callingAet);
            } else if (field == Dimse.C_ECHO_RQ) {
                Acceptance.answerEcho(link, cmd);
            } else {
                throw new DicomProtocolException("unsupported DIMSE command 0x" + Integer.toHexString(field));
            }
        }
    }

    private void store(DicomLink link, Command rq, String callingAet) throws IOException {
        String sopInstance = rq.getString(Dimse.TAG_AFFECTED_SOP_INSTANCE);
        MoveRegistry.Waiter waiter = registry.find(rq.getShort(Dimse.TAG_MOVE_ORIGINATOR_ID, 0), sopInstance);
        if (waiter == null) {
            int context = link.lastContext();
            link.skipData();
            StoreReceiver.reply(link, context, rq, Dimse.STATUS_OUT_OF_RESOURCES);
            LOG.debug("Store SCP {}: refused an instance from {}: no C-MOVE waits for it", aet, callingAet);
            return;
        }
        int context = link.lastContext();
        RetrievedInstance instance;
        try {
            instance = StoreReceiver.receive(link, rq, callingAet);
        } catch (CorruptObjectException e) {
            waiter.fail(e);
            return;
        }
        int status = Dimse.STATUS_SUCCESS;
        try {
            waiter.deliver(instance);
        } catch (RuntimeException e) {
            waiter.fail(e); // the sink failed; the C-MOVE caller reports it
            status = Dimse.STATUS_OUT_OF_RESOURCES;
        }
        StoreReceiver.reply(link, context, rq, status);
    }

    @Override
    public void close() {
        closing = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        workers.shutdownNow();
    }
}
