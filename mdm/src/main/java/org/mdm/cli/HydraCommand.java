package org.mdm.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.server.HydraServer;
import org.mdm.hydra.server.HydraServerConfig;
import org.mdm.hydra.server.JdbcShareStore;
import org.mdm.hydra.server.ShareStore;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.VomsAttributes;
import org.mdm.security.admission.PreAuthLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code mdm hydra serve}: run one Hydra key server. */
@Command(name = "hydra", mixinStandardHelpOptions = true, description = "Run a Hydra key server, which holds one share of each image key (see `mdm hydra serve --help`).",
        subcommands = {HydraCommand.Serve.class})
final class HydraCommand {
    @ParentCommand
    private MdmCommand parent;

    /** {@code mdm hydra serve}. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"Run one Hydra key server until stopped (Ctrl-C or SIGTERM close it cleanly).", "",
                "It speaks HTTPS on hydra.server.port with the host credential hydra.server.cert and",
                "hydra.server.key, checks clients' proxies against grid.cert.dir and grid.vomsdir, and keeps",
                "shares in hydra.server.jdbc.url or an embedded H2 database in hydra.server.db.dir. It prints",
                "the URL it listens on."})
    static final class Serve implements Callable<Integer> {
        @ParentCommand
        private HydraCommand hydra;

        @Override
        public Integer call() throws Exception {
            MdmConfig config = hydra.parent.config();
            int port = port(config);
            GridCredential host = Credentials.load(config.path("hydra.server.cert"), config.path("hydra.server.key"));
            try (GridTrust trust = GridSettings.trust(config);
                    VomsAttributes voms = VomsAttributes.create(config.path("grid.vomsdir"), trust)) {
                ShareStore store = store(config);
                HydraServer server;
                try {
                    server = HydraServer.start(HydraServerConfig.of(new InetSocketAddress(port), host, trust, voms,
                            store).withPreAuth(preAuth(config)));
                } catch (MdmException | RuntimeException e) {
                    store.close();
                    throw e;
                }
                serveUntilStopped(server);
            }
            return 0;
        }

        /**
         * Prints the URL, then waits. SIGTERM/Ctrl-C run the shutdown hook, which closes the
         * server before the JVM exits; an interrupt (tests, embedding) closes it here.
         */
        private void serveUntilStopped(HydraServer server) throws MdmException {
            CountDownLatch closed = new CountDownLatch(1);
            Thread hook = new Thread(() -> closeOnce(server, closed), "hydra-server-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            hydra.parent.out().println("Hydra key server listening on https://" + hostName() + ":" + server.port());
            hydra.parent.out().flush();
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // The hook is running or has run: it closes the server.
                }
                closeOnce(server, closed);
            }
        }

        private static synchronized void closeOnce(HydraServer server, CountDownLatch closed) {
            if (closed.getCount() == 0) {
                return;
            }
            try {
                server.close();
            } catch (MdmException e) {
                System.err.println("mdm: " + e.getMessage());
            } finally {
                closed.countDown();
            }
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getCanonicalHostName();
            } catch (UnknownHostException e) {
                return "localhost";
            }
        }

        private static int port(MdmConfig config) throws MdmException {
            String value = config.get("hydra.server.port");
            try {
                int port = Integer.parseInt(value);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new MdmException(Status.CONFIGURATION_ERROR, "Configuration key hydra.server.port = '" + value
                    + "' must be a port number 0..65535 (0: any free port).");
        }

        /** Bounds on connections whose TLS handshake is not done yet (issue 15). */
        private static PreAuthLimits preAuth(MdmConfig config) throws MdmException {
            return PreAuthLimits.of("hydra.server.", config.positiveInt("hydra.server.preauth.max.connections"),
                    config.positiveInt("hydra.server.preauth.max.per.address"),
                    Duration.ofSeconds(config.positiveInt("hydra.server.handshake.timeout.seconds")));
        }

        private static ShareStore store(MdmConfig config) throws MdmException {
            String url = config.get("hydra.server.jdbc.url");
            // Credentials of an external database travel in its URL; null lets the driver read them there.
            return url.isEmpty() ? JdbcShareStore.openH2(config.path("hydra.server.db.dir"))
                    : JdbcShareStore.open(url, null, null);
        }
    }
}
