package org.mdm.se.gridftp;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mdm.api.MdmException;
import org.mdm.api.StageResult;
import org.mdm.api.spool.SpoolFile;
import org.mdm.se.Staging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RETR, run off the control thread so that the session can still read ABOR or QUIT: stage
 * (the client waits; the 150 comes once the file exists), open the data connections, send, 226.
 * The spool file is pinned for exactly as long as it is being sent; an abort or a vanished client
 * cancels the staging or closes the data connections and unpins it.
 */
final class Retrieval implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Retrieval.class);

    /** What the transfer needs from its session. */
    interface Control {
        void reply(Reply reply);

        /** Logs that the data channel was refused (its DCAU handshake failed) and why. */
        void refused(String reason);

        /** For a delayed PASV: a listener opened now and announced with 127. */
        DataEndpoint openDelayedPassive() throws IOException;

        /**
         * The transfer ended with {@code code}, after {@code bytes} were sent; {@code spoolHit} is
         * null when nothing was staged, {@code stageFailure} non-null when staging failed.
         */
        void finished(int code, long bytes, Boolean spoolHit, MdmException stageFailure);
    }

    private final Staging request;
    private final String path;
    private final long restart;
    private final int connections;
    private final boolean extended;
    private final DataSecurity security;
    private final DoorSettings settings;
    private final Control control;
    private volatile boolean aborted;
    private volatile boolean ended;
    private volatile Boolean spoolHit;
    private volatile long sent;
    private volatile MdmException stageFailure;
    private volatile List<DataConnection> open = List.of();
    /** Where the data connections come from; null until a delayed PASV opens it. Closed at the end. */
    private volatile DataEndpoint endpoint;

    Retrieval(Staging request, String path, TransferSettings t, DataSecurity security, DoorSettings settings,
            DataEndpoint endpoint, Control control) {
        this.endpoint = endpoint;
        this.request = request;
        this.path = path;
        this.restart = t.takeRestart();
        this.connections = t.connections();
        this.extended = t.extendedMode();
        this.security = security;
        this.settings = settings;
        this.control = control;
    }

    @Override
    public void run() {
        try {
            StageResult staged;
            try {
                staged = request.await();
            } catch (MdmException e) {
                stageFailure = aborted ? null : e;
                if (e.status() == org.mdm.api.Status.AUTHORIZATION_FAILURE) {
                    control.refused(e.getMessage());
                }
                end(aborted ? Reply.of(426, "Transfer aborted while " + path + " was being staged.") : Reply.of(e));
                return;
            } catch (InterruptedException e) {
                request.cancel();
                Thread.currentThread().interrupt();
                return;
            }
            spoolHit = staged.spoolHit();
            try (SpoolFile file = staged.file()) {
                if (aborted) {
                    end(Reply.of(426, "Transfer aborted."));
                    return;
                }
                send(file);
            }
        } finally {
            closeEndpoint(); // also when it ends without a reply (interrupted)
        }
    }

    /**
     * Sends the final reply, after closing the endpoint: a client that reads a 550 must not
     * find the PASV listener still open (one leaked port per failed RETR otherwise).
     */
    private void end(Reply reply) {
        closeEndpoint();
        ended = true; // before the reply: a client may send its next command the moment it reads it
        control.reply(reply);
        control.finished(reply.code(), sent, spoolHit, stageFailure);
    }

    /** Whether the final reply has been sent (the task may still be releasing the spool file). */
    boolean ended() {
        return ended;
    }

    private void closeEndpoint() {
        DataEndpoint e = endpoint;
        if (e != null) {
            e.close();
        }
    }

    private void send(SpoolFile file) {
        if (restart > file.size()) {
            end(Reply.of(554, "REST " + restart + " is past the end of " + path + " (" + file.size() + " bytes)."));
            return;
        }
        try (FileChannel channel = FileChannel.open(file.path(), StandardOpenOption.READ)) {
            List<DataConnection> conns;
            try {
                if (endpoint == null) {
                    endpoint = control.openDelayedPassive();
                }
                control.reply(Reply.of(150, "Opening BINARY mode data connection for " + path + " ("
                        + (file.size() - restart) + " bytes)."));
                conns = endpoint.open(connections, security, settings.dataTimeoutMillis());
            } catch (IOException e) {
                if (isHandshakeFailure(e)) {
                    control.refused("data channel authentication (DCAU) failed: " + e.getMessage());
                }
                end(Reply.of(425, "Cannot open the data connection: " + e.getMessage()
                        + ". Check that the client can reach this server's data ports (or use PORT)."));
                return;
            }
            closeEndpoint();
            open = conns;
            if (aborted) {
                DataEndpoint.closeAll(conns);
                end(Reply.of(426, "Transfer aborted."));
                return;
            }
            long length = file.size() - restart;
            if (extended) {
                new BlockSender(settings.blockSize(), settings.workers()).send(channel, restart, length, conns);
            } else {
                StreamSender.send(channel, restart, length, conns.get(0));
            }
            sent = length;
            end(Reply.of(226, "Transfer complete."));
        } catch (IOException e) {
            DataEndpoint.closeAll(open);
            LOG.info("transfer ended early: {}", e.getMessage());
            end(Reply.of(426, aborted ? "Transfer aborted." : "Connection closed; transfer aborted: "
                    + e.getMessage()));
        }
    }

    private static boolean isHandshakeFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return true;
            }
        }
        return false;
    }

    /** ABOR, QUIT or a vanished client: stop staging, or stop sending. */
    void abort() {
        aborted = true;
        request.cancel();
        DataEndpoint.closeAll(open);
    }

    /** Waits for the transfer to end (after {@link #abort()} it ends promptly). */
    static void await(java.util.concurrent.Future<?> f, long millis) {
        try {
            f.get(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            LOG.warn("transfer did not end cleanly: {}", e.toString());
        }
    }
}
