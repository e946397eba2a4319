package org.mdm.dicom.net;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DICOM push: a Storage SCP that modalities and PACS send images to. Each object is received in
 * memory and handed to a {@link PushHandler} (MDM registers it); the C-STORE-RSP goes out only
 * when the handler is done, so success means "recorded" and a failure status lets the sender's
 * own retry work. Calling AE titles not configured are rejected at association.
 *
 * <p>PixelMed's StorageSOPClassSCP was not used: it writes each object to a file before its
 * handler sees it (MDM never writes an unsealed image to disk) and answers before the handler
 * runs. This SCP is built on MDM's own upper layer, like the C-MOVE destination.
 *
 * <p>Bounds, so a slow or hostile sender exhausts neither threads nor memory: at most {@code
 * maxAssociations} associations (one thread each; beyond that A-ASSOCIATE-RJ "local limit
 * exceeded"), objects of at most {@code maxObjectBytes} (larger ones are read past and refused),
 * and a read timeout on every association.
 */
public final class PushScp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PushScp.class);
    /** Connections over the limit waiting to be told so; more are closed without an answer. */
    private static final int REJECT_BACKLOG = 16;
    private static final int REJECT_TIMEOUT_MS = 2000;
    /** How long a closing SCP lets registrations in flight finish before it interrupts them. */
    private static final long CLOSE_GRACE_SECONDS = 30;

    private final PushSettings settings;
    private final PushHandler handler;
    private final ServerSocket server;
    private final Semaphore slots;
    private final ExecutorService workers;
    private final ThreadPoolExecutor rejecter;
    private final Set<PushAssociation> live = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final java.util.concurrent.atomic.AtomicLong lastLimitWarning = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicInteger rejectedSinceWarning = new AtomicInteger();
    private volatile boolean closing;

    private PushScp(PushSettings settings, PushHandler handler, ServerSocket server) {
        this.settings = settings;
        this.handler = handler;
        this.server = server;
        this.slots = new Semaphore(settings.maxAssociations());
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> daemon(r, "mdm-push-" + n.incrementAndGet()));
        this.rejecter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(REJECT_BACKLOG),
                r -> daemon(r, "mdm-push-reject"), (r, pool) -> {
                    throw new RejectedExecutionException("backlog full");
                });
        this.acceptor = daemon(this::acceptLoop, "mdm-push-accept-" + server.getLocalPort());
    }

    /**
     * Listens as configured and serves until closed.
     *
     * @throws MdmException CONFIGURATION_ERROR if the port cannot be bound
     */
    public static PushScp start(PushSettings settings, PushHandler handler) throws MdmException {
        ServerSocket server;
        try {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.setReceiveBufferSize(1 << 20);
            server.bind(new InetSocketAddress(settings.address(), settings.port()), 64);
        } catch (IOException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "The DICOM push SCP cannot listen on "
                    + settings.address().getHostAddress() + ":" + settings.port() + ": " + MdmException.describe(e)
                    + ". Choose a free port with push.port (or leave it empty to disable push).", e);
        }
        PushScp scp = new PushScp(settings, handler, server);
        scp.acceptor.start();
        return scp;
    }

    /** The port listened on (the chosen one when configured as 0). */
    public int port() {
        return server.getLocalPort();
    }

    /** Associations being served now. */
    public int associations() {
        return settings.maxAssociations() - slots.availablePermits();
    }

    /** The AE title senders call. */
    public String aet() {
        return settings.aet();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void acceptLoop() {
        while (!closing) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!closing) {
                    LOG.warn("DICOM push {}: accept failed: {}", settings.aet(), e.toString());
                    pause(); // e.g. out of file descriptors: do not spin
                }
                continue;
            }
            if (slots.tryAcquire()) {
                PushAssociation a = new PushAssociation(s, settings, handler, () -> closing);
                live.add(a);
                workers.execute(() -> {
                    try {
                        a.serve();
                    } finally {
                        live.remove(a);
                        slots.release();
                    }
                });
            } else {
                rejectOverLimit(s);
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Answers a connection over the limit with A-ASSOCIATE-RJ (transient) on the rejecter thread.
     * The warning is rate-limited (one per 10 s, with the count), so a flood does not fill the log.
     */
    private void rejectOverLimit(Socket s) {
        int rejected = rejectedSinceWarning.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLimitWarning.get();
        if ((last == 0 || now - last > TimeUnit.SECONDS.toNanos(10)) && lastLimitWarning.compareAndSet(last, now)) {
            rejectedSinceWarning.addAndGet(-rejected);
            LOG.warn("DICOM push {}: {} associations busy; rejected {} association(s), the last from {}"
                    + " (push.max.associations)", settings.aet(), settings.maxAssociations(), rejected,
                    s.getInetAddress().getHostAddress());
        }
        try {
            rejecter.execute(() -> reject(s));
        } catch (RejectedExecutionException e) {
            closeQuietly(s);
        }
    }

    /** Reads the A-ASSOCIATE-RQ (bounded in time and size) so the peer reads our answer, then rejects. */
    private static void reject(Socket s) {
        try (s) {
            s.setSoTimeout(REJECT_TIMEOUT_MS);
            DataInputStream in = new DataInputStream(s.getInputStream());
            in.readUnsignedByte();
            in.readUnsignedByte();
            in.skipNBytes(Math.min(in.readInt() & 0xffffffffL, 1 << 20));
            OutputStream out = s.getOutputStream();
            out.write(Pdu.reject(Acceptance.REJECTED_TRANSIENT, Acceptance.SOURCE_PROVIDER_PRESENTATION,
                    Acceptance.REASON_LOCAL_LIMIT));
            out.flush();
        } catch (IOException e) {
            LOG.debug("DICOM push: rejecting an association over the limit: {}", e.toString());
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    /**
     * Stops listening, ends idle associations at once and lets registrations in flight finish
     * (up to 30 s) before interrupting them; their senders get no answer and retry.
     */
    @Override
    public void close() {
        closing = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        rejecter.shutdownNow();
        live.forEach(PushAssociation::endIfIdle);
        workers.shutdown();
        try {
            if (!workers.awaitTermination(CLOSE_GRACE_SECONDS, TimeUnit.SECONDS)) {
                workers.shutdownNow();
                live.forEach(PushAssociation::end);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            live.forEach(PushAssociation::end);
            Thread.currentThread().interrupt();
        }
    }
}
