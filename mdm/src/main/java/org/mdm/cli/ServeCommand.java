package org.mdm.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.catalog.CatalogNameSpaceView;
import org.mdm.se.AccessList;
import org.mdm.se.md.MetadataDoor;
import org.mdm.se.MountTable;
import org.mdm.se.StorageElement;
import org.mdm.se.gridftp.DoorSettings;
import org.mdm.se.gridftp.GridFtpDoor;
import org.mdm.se.gridftp.PortRange;
import org.mdm.se.srm.SrmDoor;
import org.mdm.security.admission.PreAuthLimits;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.PrincipalExtractor;
import org.mdm.security.TlsContexts;
import org.mdm.security.VomsAttributes;
import org.mdm.security.testpki.TestPki;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mdm serve}: the storage element with its GridFTP door, on the configured mounts,
 * access list and backends, until stopped (SIGTERM or Ctrl-C).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Run the storage element with its GridFTP and SRM doors until stopped (Ctrl-C or SIGTERM).", "",
            "The doors (se.gridftp.*, se.srm.*) serve the site's catalogue (catalog.*: registered paths, their",
            "sizes, checksums and ACLs) to the access list (se.access), staging through the backends",
            "the mounts (se.mount.*) name: DICOM, and the file backend when file.root is set. A mount",
            "with se.mount.<name>.template=true also serves unregistered paths by its template.",
            "With push.port set, a Store SCP (push.aet) registers the images that the AE titles of push.ae.* send."})
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    private MdmCommand parent;

    @Option(names = "--test-pki", paramLabel = "DIR",
            description = {"TEST ONLY: use (or create, if DIR is empty) the throwaway PKI of `mdm pki init DIR`",
                "for the host credential, CA and vomsdir instead of se.host.*, grid.cert.dir, grid.vomsdir."})
    private Path testPki;

    private final CountDownLatch closed = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        try {
            return serve();
        } finally {
            closed.countDown();
        }
    }

    @SuppressWarnings("try") // the access log's file is attached to its logger while the SE runs
    private Integer serve() throws Exception {
        MdmConfig config = testPki == null ? parent.config() : withTestPki(parent.config());
        StorageElementParts parts = StorageElementParts.of(config);
        boolean pushEnabled = PushService.enabled(config); // its configuration checked before anything starts
        try (GridTrust trust = GridSettings.trust(config);
                VomsAttributes voms = VomsAttributes.create(config.path("grid.vomsdir"), trust);
                CatalogDatabase catalogue = CatalogCommands.open(config);
                MdmRuntime runtime = MdmRuntime.start(config, parts.schemes().contains("dicom") || pushEnabled,
                        parent.err())) {
            StorageElement se = new StorageElement(parts.mounts(), parts.access(), new CatalogNameSpaceView(catalogue),
                    runtime.spool(), runtime.backends(), Duration.ofSeconds(config.positiveInt("stage.timeout.seconds")));
            GridCredential hostCredential = Credentials.load(config.path("se.host.cert"), config.path("se.host.key"));
            SSLContext host = TlsContexts.server(hostCredential, trust);
            DoorSettings settings = DoorSettings.defaults(address(config.get("se.gridftp.address")),
                    config.nonNegativeInt("se.gridftp.port"), host, trust, new PrincipalExtractor(voms))
                    .withMaxSessions(config.positiveInt("se.gridftp.max.sessions"))
                    .withTimeouts(seconds(config, "se.gridftp.login.timeout.seconds"),
                            seconds(config, "se.gridftp.idle.timeout.seconds"),
                            seconds(config, "se.gridftp.data.timeout.seconds"))
                    .withPreAuth(PreAuthLimits.of("se.gridftp.", config.positiveInt("se.gridftp.preauth.max.connections"),
                            config.positiveInt("se.gridftp.preauth.max.per.address"),
                            seconds(config, "se.gridftp.login.timeout.seconds")))
                    .withDataPorts(PortRange.parse(config.get("se.gridftp.data.ports"), "se.gridftp.data.ports"));
            try (AccessLogFile accessLog = AccessLogFile.open(config);
                    PushService push = PushService.start(config, runtime, catalogue, parent.out(), parent.err());
                    GridFtpDoor door = GridFtpDoor.start(settings, se);
                    SrmDoor srm = SrmDoorSettings.enabled(config) ? SrmDoor.start(SrmDoorSettings.of(config, host,
                            hostCredential, trust, new PrincipalExtractor(voms), door.port()), se) : null;
                    MetadataDoor md = MetadataServiceSettings.enabled(config) ? MetadataDoor.start(
                            MetadataServiceSettings.of(config, host, new PrincipalExtractor(voms), parts.access()),
                            catalogue) : null;
                    AdminServer admin = AdminServer.start(AdminSocket.of(config), new AdminRequests(runtime,
                            config.path("spool.dir"), () -> doorStatus(door, srm, md, push),
                            Duration.ofSeconds(config.positiveInt("stage.timeout.seconds"))))) {
                for (String mount : parts.mounts().prefixes()) {
                    parent.out().println("mdm serve: gsiftp://localhost:" + door.port() + mount);
                }
                if (srm != null) {
                    parent.out().println("mdm serve: srm://localhost:" + srm.port() + "/srm/managerv2 (SRM port "
                            + srm.port() + ")");
                }
                if (md != null) {
                    parent.out().println("mdm serve: metadata service (AMGA protocol) on port " + md.port()
                            + " (metadata port " + md.port() + "; mdm query)");
                }
                parent.out().println("mdm serve: admin socket " + admin.socket() + " (mdm status, mdm spool)");
                parent.out().println("mdm serve: ready (GridFTP port " + door.port() + ")");
                parent.out().flush();
                awaitStop();
            }
        }
        return 0;
    }

    private static Map<String, Object> doorStatus(GridFtpDoor door, SrmDoor srm, MetadataDoor md, PushService push) {
        Map<String, Object> status = new java.util.LinkedHashMap<>();
        status.put("gridftp", door.status());
        if (srm != null) {
            status.put("srm", srm.status());
        }
        if (md != null) {
            status.put("md", md.status());
        }
        push.status().ifPresent(p -> status.put("push", p));
        return status;
    }

    /**
     * The mounts, the PFN schemes they use (only the backends of those are started) and the access
     * list, checked before anything is started.
     */
    record StorageElementParts(MountTable mounts, Set<String> schemes, AccessList access) {
        static StorageElementParts of(MdmConfig config) throws MdmException {
            Map<String, String> mounts = new HashMap<>(config.section("se.mount."));
            // A mount whose path was emptied is dropped with its template and template flag.
            mounts.keySet().removeIf(k -> (k.endsWith(".pfn") || k.endsWith(".template"))
                    && !mounts.containsKey(k.substring(0, k.lastIndexOf('.')) + ".path"));
            String access = config.get("se.access");
            if (access.isBlank()) {
                throw new MdmException(Status.CONFIGURATION_ERROR, "se.access is empty, so nobody could read"
                        + " anything: set it, e.g. -D se.access=dn:/C=FR/O=MDM/OU=users/CN=Your Name (or fqan:/biomed).");
            }
            List<String> entries = Arrays.stream(access.split(",")).map(String::trim).filter(e -> !e.isEmpty()).toList();
            Set<String> schemes = new TreeSet<>();
            mounts.forEach((k, v) -> {
                if (k.endsWith(".pfn") && v.contains(":")) {
                    schemes.add(v.substring(0, v.indexOf(':')).toLowerCase(java.util.Locale.ROOT));
                }
            });
            return new StorageElementParts(MountTable.fromConfig(mounts), schemes, AccessList.of(entries));
        }
    }

    private MdmConfig withTestPki(MdmConfig config) throws MdmException {
        boolean create = !Files.isRegularFile(testPki.resolve("hostcert.pem"));
        if (create) {
            TestPki.create(testPki);
        }
        parent.err().println("mdm serve: TEST-ONLY PKI in " + testPki + (create ? " (created now)" : "")
                + ": its keys are unencrypted; never use it for a real site.");
        Map<String, String> over = new HashMap<>(config.all());
        over.put("se.host.cert", testPki.resolve("hostcert.pem").toString());
        over.put("se.host.key", testPki.resolve("hostkey.pem").toString());
        over.put("grid.cert.dir", testPki.resolve("certificates").toString());
        over.put("grid.vomsdir", testPki.resolve("vomsdir").toString());
        return MdmConfig.load(null, over);
    }

    private static InetAddress address(String text) throws MdmException {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "se.gridftp.address '" + text + "' is not an address"
                    + " of this host.", e);
        }
    }

    private static Duration seconds(MdmConfig config, String key) throws MdmException {
        return Duration.ofSeconds(config.positiveInt(key));
    }

    /**
     * Blocks until SIGTERM/Ctrl-C (the JVM then waits up to 10 s for the door and spool to close)
     * or an interrupt (tests, embedding), after which the caller closes everything as usual.
     */
    private void awaitStop() {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                closed.await(10, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mdm-serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stop.await();
        } catch (InterruptedException e) {
            // The interrupt is the stop request, consumed here so that closing the door and the
            // spool afterwards is not cut short by a pending interrupt.
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting anyway
            }
        }
    }
}
