package org.mdm.gridftp.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * One RETR on a logged-in session whose MODE, DCAU and PROT are already set: PASV, the data
 * connections opened by us, RETR, the data read by one thread per connection while the caller
 * waits, then the final reply. Success needs both: every byte the server announced (SIZE or
 * MLST, and for MODE E every EOD its EOF announced) and a 226. An abort (another thread) or an
 * interrupt (the caller's) sends ABOR.
 */
final class Download {
    private final Session session;
    private final GridFtpUrl url;
    private final TransferOptions options;
    private final TransferClock clock;
    private final ExecutorService pool;
    private final List<DataConnection> connections = new ArrayList<>();
    private DataListener listener;
    /** Set once the data part is over: later failures of idle connections or the listener are expected. */
    private volatile boolean finished;
    private int accepted;
    private final Object lock = new Object();
    private int running;
    private IOException failure;

    /** What a download needs from its session. */
    interface Session {
        ControlChannel control();

        ClientSettings settings();

        /** DCAU A for the data connections, or null for none. */
        DataAuthenticator authenticator(boolean privacy);

        /** The passive address from PASV. */
        InetSocketAddress passive() throws MdmException;
    }

    Download(Session session, GridFtpUrl url, TransferOptions options, TransferListener listener, ExecutorService pool) {
        this.session = session;
        this.url = url;
        this.options = options;
        this.pool = pool;
        ClientSettings s = session.settings();
        this.clock = new TransferClock(listener, s.startTimeout().toMillis(), s.dataTimeout().toMillis());
    }

    /** Stops the download from another thread; the downloading thread then sends ABOR. */
    void abort() {
        clock.abort();
        closeAll();
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /** Downloads {@code url}'s file into {@code sink}; {@code expected} is its size, -1 if unknown. */
    TransferResult run(Sink sink, long expected) throws MdmException {
        ControlChannel control = session.control();
        ClientSettings s = session.settings();
        BlockReceiver blocks = options.extendedMode() ? new BlockReceiver(sink, clock) : null;
        long[] streamed = {0};
        Receive receive = c -> {
            if (blocks != null) {
                blocks.receive(c);
            } else {
                streamed[0] = StreamReceiver.receive(c, sink, clock);
            }
        };
        try {
            if (blocks != null) {
                listen(control, receive);
            } else {
                connect(control, receive);
            }
            awaitStart(control, s);
            awaitData(blocks);
        } catch (MdmException e) {
            closeAll();
            // An abort that lands before the data connections are up makes the server refuse the
            // RETR ("closed before connection could be established"): that refusal is the abort.
            if (e.status() == Status.CANCELLED || cancelRequested()) {
                throw cancelled(control, s);
            }
            throw e;
        }
        closeAll();
        Reply last = finalReply(control, s);
        long got = blocks != null ? blocks.received() : streamed[0];
        if (last.code() != 226 && last.code() != 250) {
            throw ReplyFailures.refused(last, url, "RETR (after " + got + " bytes)");
        }
        if (expected >= 0 && got != expected) {
            throw new MdmException(Status.CORRUPT_DATA, url + ": the server said the transfer was complete but sent "
                    + got + " of " + expected + " bytes. Try again.");
        }
        return new TransferResult(got, Math.max(1, accepted));
    }

    /** What a data connection's thread does once the connection is authenticated. */
    private interface Receive {
        void from(DataConnection c) throws IOException;
    }

    /** Stream mode: PASV, our one connection to the server, RETR. */
    private void connect(ControlChannel control, Receive receive) throws MdmException {
        InetSocketAddress address = session.passive();
        DataConnection c;
        try {
            c = DataConnection.connect(address, (int) session.settings().connectTimeout().toMillis());
        } catch (IOException e) {
            throw new MdmException(Status.PEER_UNAVAILABLE, url + ": " + e.getMessage()
                    + ". Check that this host can reach the server's data ports.", e);
        }
        add(c);
        control.send("RETR " + url.path());
        serve(c, receive);
    }

    /**
     * MODE E: PORT to our listener, RETR, and the server's connections accepted until the
     * download ends (a server may open fewer than asked, or open them late).
     */
    private void listen(ControlChannel control, Receive receive) throws MdmException {
        try {
            listener = DataListener.open(control.socket().getLocalAddress());
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, url + ": cannot listen for data connections: "
                    + MdmException.describe(e), e);
        }
        Reply r = control.command(listener.command(), session.settings().replyTimeout());
        if (!r.ok()) {
            throw ReplyFailures.refused(r, url, "PORT");
        }
        control.send("RETR " + url.path());
        start(() -> {
            for (SocketChannel ch; !finished; ) {
                try {
                    ch = listener.accept(DataConnection.POLL_MILLIS);
                } catch (IOException e) {
                    if (finished) {
                        return; // closed because the download is over
                    }
                    throw e;
                }
                if (ch == null) {
                    clock.checkStuck();
                    continue;
                }
                DataConnection c = DataConnection.accepted(ch);
                add(c);
                serve(c, receive);
            }
        });
    }

    private void serve(DataConnection c, Receive receive) {
        DataAuthenticator auth = session.authenticator(options.privacy());
        int handshake = (int) session.settings().startTimeout().toMillis();
        start(() -> {
            c.open(auth, handshake);
            receive.from(c);
        });
    }

    private void add(DataConnection c) {
        synchronized (connections) {
            connections.add(c);
            accepted++;
        }
    }

    private interface Work {
        void run() throws IOException;
    }

    private void start(Work work) {
        synchronized (lock) {
            running++;
        }
        pool.execute(() -> {
            IOException failed = null;
            try {
                work.run();
            } catch (IOException | RuntimeException e) {
                failed = e instanceof IOException io ? io : new IOException(e);
            }
            synchronized (lock) {
                running--;
                if (failed != null && failure == null) {
                    failure = failed;
                }
                lock.notifyAll();
            }
        });
    }

    /** The 150 (or 125); a refusal (550...) instead ends the download with the server's reason. */
    private void awaitStart(ControlChannel control, ClientSettings s) throws MdmException {
        Reply r = control.read(s.startTimeout(), this::cancelRequested);
        if (!r.preliminary()) {
            closeAll();
            throw ReplyFailures.refused(r, url, "RETR");
        }
        clock.started();
    }

    /** Waits until the data is complete, a connection fails, or the download is cancelled. */
    private void awaitData(BlockReceiver blocks) throws MdmException {
        IOException failed = dataOutcome(blocks);
        if (failed != null) {
            throw broken(failed); // outside the lock: it waits for the server's reply
        }
    }

    /** Null once the data is complete; what went wrong otherwise. */
    private IOException dataOutcome(BlockReceiver blocks) throws MdmException {
        synchronized (lock) {
            while (true) {
                if (cancelRequested()) {
                    throw new MdmException(Status.CANCELLED, "cancelled");
                }
                if (blocks != null && blocks.complete()) {
                    return null; // idle connections the server did not use are closed by the caller
                }
                if (failure != null) {
                    return failure;
                }
                if (running == 0) {
                    return blocks == null ? null : new IOException("the server closed the data connections before"
                            + " the end of the file (" + blocks.progress() + ")");
                }
                try {
                    lock.wait(DataConnection.POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private boolean cancelRequested() {
        return clock.aborted() || Thread.currentThread().isInterrupted();
    }

    /** The data broke: the server's reply, if it sends one soon, tells why. */
    private MdmException broken(IOException cause) {
        closeAll();
        Reply r = null;
        try {
            r = session.control().read(session.settings().replyTimeout());
        } catch (MdmException e) {
            session.control().close(); // no reply: the session is out of step and cannot be reused
        }
        String said = r == null ? "" : "; the server said: " + r;
        Status status = cause instanceof java.net.SocketTimeoutException ? Status.TIMEOUT : Status.IO_ERROR;
        return new MdmException(status, url + ": the download broke off after " + clock.bytes() + " bytes: "
                + MdmException.describe(cause) + said + ". Try again.", cause);
    }

    /** The final reply; markers (1xx, e.g. 112 performance markers) are skipped. */
    private Reply finalReply(ControlChannel control, ClientSettings s) throws MdmException {
        Reply r;
        do {
            r = control.read(s.replyTimeout());
        } while (r.preliminary());
        return r;
    }

    /**
     * ABOR after a cancel: the server answers the RETR (426) and the ABOR (226). Then the control
     * connection is closed whatever came: had the RETR ended just before the ABOR, its replies
     * and ours could not be told apart, and a session out of step would misread the next reply.
     */
    private MdmException cancelled(ControlChannel control, ClientSettings s) {
        boolean interrupted = Thread.interrupted();
        try {
            control.send("ABOR");
            for (int i = 0; i < 4; i++) {
                Reply r = control.read(s.replyTimeout());
                if (r.code() == 226 || r.code() == 225 || r.code() >= 500) {
                    break;
                }
            }
        } catch (MdmException e) {
            // the server is gone or silent: closing is all that is left
        }
        control.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return new MdmException(Status.CANCELLED, url + ": the download was cancelled after " + clock.bytes()
                + " bytes.");
    }

    private void closeAll() {
        finished = true;
        ControlChannel.closeQuietly(listener);
        synchronized (connections) {
            for (DataConnection c : connections) {
                c.close();
            }
        }
    }
}
