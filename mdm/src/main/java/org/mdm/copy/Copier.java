package org.mdm.copy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.Adler32;
import javax.net.ssl.SSLContext;
import org.mdm.api.Checksums;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.gridftp.client.GridFtpClient;
import org.mdm.gridftp.client.GridFtpSession;
import org.mdm.gridftp.client.GridFtpUrl;
import org.mdm.gridftp.client.TransferListener;

/**
 * Copies one file, the way lcg-cp did but in one step: a SURL is pinned with srmPrepareToGet and
 * its TURL read over GridFTP, then released; a gsiftp:// URL is read directly. The sealed bytes
 * land in a hidden temporary file beside the destination, their ADLER32 is checked against the
 * catalogue's (or the server's), and the image is opened into the destination (or, with
 * {@code --sealed}, the sealed file renamed there). On any failure nothing is left at the
 * destination. One copier per thread: it holds its own SRM connection.
 */
final class Copier implements AutoCloseable {
    private final GridFtpClient gridftp;
    private final SSLContext tls;
    private final SealedImages images;
    private final CopySettings settings;
    private SrmClient srm;
    private SrmUrl srmServer;
    private GridFtpSession session;

    Copier(GridFtpClient gridftp, SSLContext tls, SealedImages images, CopySettings settings) {
        this.gridftp = gridftp;
        this.tls = tls;
        this.images = images;
        this.settings = settings;
    }

    /** Copies {@code task}; returns the bytes written at the destination. */
    long copy(CopyTask task, TransferListener listener) throws MdmException, InterruptedException {
        Path dest = task.dest();
        if (Files.exists(dest) && !settings.overwrite()) {
            throw new MdmException(Status.ALREADY_EXISTS, dest + " exists; remove it or use --force.");
        }
        Path parent = dest.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "cannot create " + parent + ": " + e.getMessage(), e);
        }
        Path sealed = parent.resolve("." + dest.getFileName() + ".sealed-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        try {
            String expected = download(task.source(), sealed, listener);
            verify(sealed, expected, task.source().name());
            if (settings.sealed()) {
                return AtomicMove.replace(sealed, dest);
            }
            return images.open(sealed, dest, task.source().name());
        } finally {
            try {
                Files.deleteIfExists(sealed);
            } catch (IOException ignored) {
                // a hidden temporary file of ours; nothing to do
            }
        }
    }

    /** Downloads the sealed file; returns the ADLER32 to check it against (null: none known). */
    private String download(Source source, Path sealed, TransferListener listener)
            throws MdmException, InterruptedException {
        if (source instanceof Source.Gsiftp g) {
            GridFtpSession s = sessionFor(g.url());
            String sum = s.adler32(g.url().path());
            retrieve(s, g.url(), sealed, listener);
            return sum;
        }
        Source.Srm s = (Source.Srm) source;
        SrmClient client = srmFor(s.surl());
        String expected = s.adler32() != null ? s.adler32() : client.stat(s.surl()).adler32();
        SrmClient.Pinned pinned = client.prepareToGet(s.surl(), settings.pinSeconds(), settings.stageTimeout());
        try {
            GridFtpUrl turl = GridFtpUrl.parse(pinned.turl());
            retrieve(sessionFor(turl), turl, sealed, listener);
        } finally {
            client.releaseQuietly(pinned.token(), s.surl());
        }
        return expected;
    }

    /**
     * The session to {@code url}'s server, kept for the next file on the same server: a GSI
     * login costs more than a small image's transfer (the TURLs of a series all name one door).
     */
    private GridFtpSession sessionFor(GridFtpUrl url) throws MdmException {
        if (session != null && (!session.isOpen() || !session.server().authority().equals(url.authority()))) {
            session.close();
            session = null;
        }
        if (session == null) {
            session = gridftp.open(url);
        }
        return session;
    }

    /** Retrieves over {@code s}; a session a failure left in doubt is not reused. */
    private void retrieve(GridFtpSession s, GridFtpUrl url, Path sealed, TransferListener listener)
            throws MdmException {
        boolean ok = false;
        try {
            s.retrieve(url.path(), sealed, settings.transfer(), listener);
            ok = true;
        } finally {
            if (!ok) {
                s.close();
                session = null;
            }
        }
    }

    private SrmClient srmFor(SrmUrl url) {
        if (srm == null || !srmServer.host().equals(url.host()) || srmServer.port() != url.port()) {
            if (srm != null) {
                srm.close();
            }
            srm = new SrmClient(url, tls, settings.connect(), settings.reply());
            srmServer = url;
        }
        return srm;
    }

    private static void verify(Path sealed, String expected, String name) throws MdmException {
        if (expected == null) {
            return; // the seal's authentication still refuses a damaged file
        }
        Adler32 sum = new Adler32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(sealed)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                sum.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "cannot read back " + sealed + ": " + e.getMessage(), e);
        }
        String got = Checksums.adler32Hex(sum.getValue());
        if (!got.equalsIgnoreCase(expected)) {
            throw new MdmException(Status.CORRUPT_DATA, name + ": the transferred file's ADLER32 is " + got
                    + ", the catalogue's " + expected + "; nothing was written. Try again; if it persists, tell the"
                    + " site.");
        }
    }

    @Override
    public void close() {
        if (srm != null) {
            srm.close();
        }
        if (session != null) {
            session.close();
        }
    }
}
