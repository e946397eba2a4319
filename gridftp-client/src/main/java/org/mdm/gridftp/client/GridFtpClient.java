package org.mdm.gridftp.client;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.TlsContexts;

/**
 * Opens GridFTP sessions with one credential (a proxy, normally) and one trust (the CA
 * directory). Thread-safe: many threads may open sessions at once. Closing it stops the threads
 * that read data connections; close the sessions first.
 *
 * <pre>
 * try (GridFtpClient client = new GridFtpClient(Credentials.loadProxy(proxy), trust, ClientSettings.defaults());
 *      GridFtpSession s = client.open(url)) {
 *     s.retrieve(url.path(), Path.of("image.dcm"), TransferOptions.parallel(4), bytes -&gt; bar.set(bytes));
 * }
 * </pre>
 */
public final class GridFtpClient implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    static {
        prepareJsse();
    }

    /**
     * Globus servers send the user's CN (spaces and all) as SNI when they open a DCAU data
     * connection to us (MODE E, PORT), and JSSE aborts such handshakes (PROTOCOLS.md). This turns
     * server-side SNI off JVM-wide unless the JVM was started with its own
     * {@code jdk.tls.server.disableExtensions}. JSSE reads it once, at its first handshake, so a
     * program calls this (or GridFtpDoor.prepareJsse, which does the same) before any TLS use;
     * loading this class does it too.
     */
    public static void prepareJsse() {
        if (System.getProperty("jdk.tls.server.disableExtensions") == null) {
            System.setProperty("jdk.tls.server.disableExtensions", "server_name");
        }
    }

    private final GridCredential credential;
    private final ClientSettings settings;
    private final SSLContext tls;
    private final ExecutorService pool;

    /** A client with {@code credential}, checking servers with {@code trust} (not closed by this client). */
    public GridFtpClient(GridCredential credential, GridTrust trust, ClientSettings settings) throws MdmException {
        if (settings.dcau() == ClientSettings.DataAuthentication.SELF
                && settings.delegation() == ClientSettings.Delegation.NEVER) {
            // Measured with globus-gridftp-server: without our proxy it answers the data handshake
            // with its host certificate and both sides wait minutes for a timeout.
            throw new MdmException(Status.CONFIGURATION_ERROR, "DCAU A needs a delegated proxy (the server"
                    + " authenticates its data connections with it): allow delegation, or use DCAU N.");
        }
        this.credential = credential;
        this.settings = settings;
        this.tls = TlsContexts.client(credential, trust);
        ThreadFactory daemons = r -> {
            Thread t = new Thread(r, "gridftp-data-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newCachedThreadPool(daemons);
    }

    /**
     * Connects to {@code server}'s host and port, authenticates (GSI), logs in and reads FEAT.
     *
     * @throws MdmException PEER_UNAVAILABLE naming host:port when it cannot be reached,
     *                      AUTHORIZATION_FAILURE when either side refuses the other
     */
    public GridFtpSession open(GridFtpUrl server) throws MdmException {
        return GridFtpSession.open(server, tls, credential, settings, pool);
    }

    /** The settings sessions are opened with. */
    public ClientSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
