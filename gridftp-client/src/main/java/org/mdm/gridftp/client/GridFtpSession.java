package org.mdm.gridftp.client;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLContext;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.gridftp.client.ClientSettings.DataAuthentication;
import org.mdm.security.GridCredential;

/**
 * A logged-in GridFTP control connection to one server: file facts (MLST, SIZE, MDTM, CKSM) and
 * downloads, one after another on the same connection.
 *
 * <p>Thread safety: every operation is {@code synchronized}, so threads sharing a session take
 * turns (one transfer at a time, as FTP allows). For parallel copies open one session per
 * thread. {@link #abort()} is the exception: it may be called from any thread to stop the
 * running download; an interrupt of the downloading thread does the same. A cancelled or broken
 * download leaves the session closed (it can no longer be trusted to be in step with the server).
 */
public final class GridFtpSession implements AutoCloseable {
    private final GridFtpUrl server;
    private final ControlChannel control;
    private final ClientSettings settings;
    private final Features features;
    private final TransferSetup setup;
    private final ExecutorService pool;
    private volatile Download running;
    private volatile boolean closed;

    private GridFtpSession(GridFtpUrl server, ControlChannel control, ClientSettings settings, Features features,
            TransferSetup setup, ExecutorService pool) {
        this.server = server;
        this.control = control;
        this.settings = settings;
        this.features = features;
        this.setup = setup;
        this.pool = pool;
    }

    /** Connects, logs in with {@code credential} and reads FEAT; used by {@link GridFtpClient}. */
    static GridFtpSession open(GridFtpUrl server, SSLContext tls, GridCredential credential, ClientSettings settings,
            ExecutorService pool) throws MdmException {
        ControlChannel control = ControlChannel.connect(server, settings.connectTimeout());
        try {
            new GsiLogin(control, server, settings.replyTimeout()).login(tls, credential, settings.delegates());
            Features features = Features.parse(control.command("FEAT", settings.replyTimeout()));
            TransferSetup setup = new TransferSetup(control, server, settings, features, tls, credential);
            setup.begin();
            return new GridFtpSession(server, control, settings, features, setup, pool);
        } catch (MdmException | RuntimeException e) {
            control.close();
            throw e;
        }
    }

    /** The server this session is logged in to (its path is the one it was opened with). */
    public GridFtpUrl server() {
        return server;
    }

    /** What the server listed in FEAT. */
    public Features features() {
        return features;
    }

    /** MLST: the facts of {@code path} (type, size, modify, perm, UNIX.mode...). */
    public synchronized FileFacts stat(String path) throws MdmException {
        Reply r = command("MLST " + path, path, "MLST");
        for (String line : r.lines()) {
            var facts = FileFacts.parseLine(line);
            if (facts.isPresent()) {
                return facts.get();
            }
        }
        throw new MdmException(Status.IO_ERROR, at(path) + ": the server's MLST reply holds no facts (" + r + ").");
    }

    /** SIZE: the length of {@code path} in bytes. */
    public synchronized long size(String path) throws MdmException {
        Reply r = command("SIZE " + path, path, "SIZE");
        try {
            return Long.parseLong(r.text().trim());
        } catch (NumberFormatException e) {
            throw new MdmException(Status.IO_ERROR, at(path) + ": SIZE answered '" + r + "', not a number.", e);
        }
    }

    /** MDTM: the modification time of {@code path} (UTC). */
    public synchronized Instant modified(String path) throws MdmException {
        Reply r = command("MDTM " + path, path, "MDTM");
        return FileFacts.parseTime(r.text()).orElseThrow(() -> new MdmException(Status.IO_ERROR, at(path)
                + ": MDTM answered '" + r + "', not a time."));
    }

    /** CKSM ADLER32 of the whole file: 8 lower-case hex digits, as gfal-sum prints it. */
    public synchronized String adler32(String path) throws MdmException {
        Reply r = command("CKSM ADLER32 0 -1 " + path, path, "CKSM ADLER32");
        String hex = r.text().trim().toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{1,8}")) {
            throw new MdmException(Status.IO_ERROR, at(path) + ": CKSM answered '" + r + "', not an ADLER32.");
        }
        return "0".repeat(8 - hex.length()) + hex;
    }

    /**
     * Downloads {@code path} into {@code target} atomically: the bytes go to a temporary file
     * next to it ({@code .<name>.*.part}), which replaces {@code target} only once the server
     * said 226 and every byte arrived; on any failure it is removed and {@code target} is left as
     * it was.
     */
    public synchronized TransferResult retrieve(String path, Path target, TransferOptions options,
            TransferListener listener) throws MdmException {
        return LocalTarget.write(target, at(path), file -> retrieve(path, Sink.of(file), options, listener));
    }

    /**
     * Downloads {@code path} into {@code target}; a {@link FileChannel} takes any mode (blocks
     * are written at their offsets from its current position), any other channel stream mode
     * only. The caller owns atomicity: after a failure the channel holds part of the file.
     */
    public synchronized TransferResult retrieve(String path, WritableByteChannel target, TransferOptions options,
            TransferListener listener) throws MdmException {
        Sink sink;
        try {
            sink = target instanceof FileChannel f ? Sink.of(f) : Sink.of(target);
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Cannot write the download of " + at(path) + ": "
                    + MdmException.describe(e), e);
        }
        return retrieve(path, sink, options, listener);
    }

    private TransferResult retrieve(String path, Sink sink, TransferOptions options, TransferListener listener)
            throws MdmException {
        ensureOpen();
        if (options.extendedMode() && !sink.positional()) {
            throw new MdmException(Status.INVALID_REQUEST, "Parallel (MODE E) downloads of " + at(path)
                    + " need a file to write to: use stream mode for a stream.");
        }
        long expected = expectedSize(path);
        setup.prepare(options, at(path));
        Download d = new Download(setup, server.withPath(path), options, listener, pool);
        running = d;
        try {
            return d.run(sink, expected);
        } finally {
            running = null;
        }
    }

    /** The file's size before RETR (MLST, else SIZE), refusing directories; -1 if the server cannot tell. */
    private long expectedSize(String path) throws MdmException {
        if (features.has("MLST")) {
            FileFacts f = stat(path);
            if (f.isDirectory()) {
                throw new MdmException(Status.INVALID_REQUEST, at(path) + " is a directory: give the path of a file.");
            }
            return f.size().orElse(-1);
        }
        return features.has("SIZE") ? size(path) : -1;
    }

    /** Stops the running download, if any; callable from any thread. */
    public void abort() {
        Download d = running;
        if (d != null) {
            d.abort();
        }
    }

    /** Whether the control connection is still usable (answers at once, even during a transfer). */
    public boolean isOpen() {
        return !closed && !control.socket().isClosed();
    }

    /** QUIT (politely, briefly) and close. */
    @Override
    public void close() {
        abort();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (!control.socket().isClosed()) {
                try {
                    control.command("QUIT", settings.connectTimeout());
                } catch (MdmException e) {
                    // leaving anyway
                }
            }
            control.close();
        }
    }

    private Reply command(String line, String path, String what) throws MdmException {
        ensureOpen();
        Reply r = control.command(line, settings.replyTimeout());
        if (!r.ok()) {
            throw ReplyFailures.refused(r, server.withPath(path), what);
        }
        return r;
    }

    private void ensureOpen() throws MdmException {
        if (closed || control.socket().isClosed()) {
            throw new MdmException(Status.INVALID_REQUEST, "The GridFTP session with " + server.authority()
                    + " is closed (after a cancelled or broken transfer, or close()): open a new one.");
        }
    }

    private String at(String path) {
        return server.withPath(path).toString();
    }

    /** Whether DCAU A is in force on this session's data connections. */
    boolean authenticatesData() {
        return setup.dcau() == DataAuthentication.SELF;
    }
}
