package org.mdm.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.CatalogDatabase;
import org.mdm.dicom.net.PushScp;
import org.mdm.dicom.net.PushSettings;
import org.mdm.dicom.net.PushedObject;
import org.mdm.hydra.keyserver.KeyServers;
import org.mdm.register.Registrant;
import org.mdm.register.Registrar;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration inside {@code mdm serve}: at start, what an interrupted registration left in the
 * journal is finished or rolled back ({@link Registrar#recover}); then, if {@code push.port} is
 * set, DICOM push: images sent to {@code push.aet} by a configured AE title are registered for
 * that AE's owner ({@code push.ae.<AET>.*}), and the sender is answered once they are.
 *
 * <p>Keys are made as the SE's host credential (there is no user proxy in a server), so the SE
 * owns them on the key servers and the configured owner is granted every right on them.
 */
final class PushService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PushService.class);

    private final List<AutoCloseable> parts;
    private final PushScp scp;
    private final Counts counts;

    /** What push did since the SE started, for mdm status. */
    private record Counts(AtomicLong registered, AtomicLong again, AtomicLong failed) {
        Counts() {
            this(new AtomicLong(), new AtomicLong(), new AtomicLong());
        }
    }

    private PushService(List<AutoCloseable> parts) {
        this(parts, null, new Counts());
    }

    private PushService(List<AutoCloseable> parts, PushScp scp, Counts counts) {
        this.parts = parts;
        this.scp = scp;
        this.counts = counts;
    }

    /** The push listener's address, open associations and outcomes so far; empty when push is off. */
    Optional<Map<String, Object>> status() {
        if (scp == null) {
            return Optional.empty();
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("aet", scp.aet());
        status.put("port", scp.port());
        status.put("associations", scp.associations());
        status.put("registered", counts.registered().get());
        status.put("registered.already", counts.again().get());
        status.put("failed", counts.failed().get());
        return Optional.of(status);
    }

    /**
     * True when {@code push.port} is set (serve then needs the DICOM backend, for the dry run);
     * the push configuration is checked then, before anything is started.
     *
     * @throws MdmException CONFIGURATION_ERROR naming the key to fix
     */
    static boolean enabled(MdmConfig config) throws MdmException {
        if (config.get("push.port").isBlank()) {
            return false;
        }
        settings(config, senders(config));
        return true;
    }

    /**
     * Recovers unfinished registrations (in {@code db}, the SE's catalogue, which stays the
     * caller's to close) when registration is set up (key servers configured and
     * a catalogue present), then starts DICOM push if enabled.
     *
     * @throws MdmException CONFIGURATION_ERROR for a push configuration that cannot work
     */
    static PushService start(MdmConfig config, MdmRuntime runtime, CatalogDatabase db, PrintWriter out,
            PrintWriter err) throws MdmException {
        boolean push = !config.get("push.port").isBlank();
        Map<String, Registrant> senders = push ? senders(config) : Map.of();
        PushSettings settings = push ? settings(config, senders) : null;
        if (!push && !registrationSetUp(config)) {
            return new PushService(List.of());
        }
        List<AutoCloseable> parts = new ArrayList<>();
        try {
            Registrar.Settings registration = Registrars.settings(config);
            GridTrust trust = GridSettings.trust(config);
            parts.add(trust);
            KeyServers keys = new KeyServers(GridSettings.keyServersConfig(config),
                    Credentials.load(config.path("se.host.cert"), config.path("se.host.key")), trust);
            parts.add(0, keys);
            Registrar registrar = Registrars.create(config, registration, runtime, keys, db);
            parts.add(0, registrar);
            recover(registrar, err);
            if (push) {
                Counts counts = new Counts();
                PushScp scp = PushScp.start(settings, object -> register(registrar, senders, object, counts));
                parts.add(0, scp);
                out.println("mdm serve: DICOM push " + scp.aet() + "@" + settings.address().getHostAddress() + ":"
                        + scp.port() + " from " + String.join(", ", senders.keySet()));
                return new PushService(parts, scp, counts);
            }
        } catch (MdmException | RuntimeException e) {
            new PushService(parts).close();
            throw e;
        }
        new PushService(parts).close(); // recovery only: nothing to keep open
        return new PushService(List.of());
    }

    private static void register(Registrar registrar, Map<String, Registrant> senders, PushedObject object,
            Counts counts) throws MdmException {
        Registrar.Outcome outcome;
        try {
            outcome = registrar.register(new Registrar.Submission(object.describe(), object.part10(),
                    senders.get(object.callingAet())));
        } catch (MdmException | RuntimeException e) {
            counts.failed().incrementAndGet();
            throw e;
        }
        (outcome == Registrar.Outcome.REGISTERED ? counts.registered() : counts.again()).incrementAndGet();
        LOG.info("DICOM push: {} from AE {}", outcome == Registrar.Outcome.REGISTERED ? "registered an image"
                : "an image registered already came again", object.callingAet());
    }

    /**
     * Whether registration is set up here, so the journal may hold work to finish: key servers
     * configured, and a catalogue database (an H2 one that exists, or a database server).
     */
    private static boolean registrationSetUp(MdmConfig config) {
        return !config.get("hydra.servers").isBlank() && (!config.get("catalog.jdbc.url").isBlank()
                || Files.exists(config.path("catalog.db.dir").resolve("catalog.mv.db")));
    }

    private static void recover(Registrar registrar, PrintWriter err) {
        try {
            int undone = registrar.recover();
            if (undone > 0) {
                err.println("mdm serve: undid " + undone + " registration(s) an earlier run left unfinished.");
            }
        } catch (MdmException e) {
            // Serving must not depend on it: the rows stay and the next start (or mdm register) retries.
            err.println("mdm serve: could not undo every unfinished registration yet: " + e.getMessage());
        }
    }

    private static Map<String, Registrant> senders(MdmConfig config) throws MdmException {
        Map<String, Registrant> senders = PushSenders.of(config);
        if (senders.isEmpty()) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "push.port is set but no AE title may push: add"
                    + " push.ae.<AET>.owner=<DN> for each modality or PACS that sends images (or empty push.port).");
        }
        if (config.get("hydra.servers").isBlank()) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "DICOM push registers images, which needs the key"
                    + " servers: set hydra.servers (or empty push.port to disable push).");
        }
        return senders;
    }

    private static PushSettings settings(MdmConfig config, Map<String, Registrant> senders) throws MdmException {
        String aet = config.get("push.aet");
        if (aet.isBlank() || aet.length() > 16 || aet.contains("\\")) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "push.aet '" + aet + "' is not an AE title (1 to 16"
                    + " characters, no backslash).");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(config.get("push.address"));
        } catch (UnknownHostException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "push.address '" + config.get("push.address")
                    + "' is not an address of this host.", e);
        }
        int port = config.nonNegativeInt("push.port");
        if (port > 65535) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "push.port " + port + " is not a TCP port (1-65535, or"
                    + " 0 for any free port).");
        }
        return new PushSettings(aet, address, port, senders.keySet(), config.positiveInt("push.max.associations"),
                config.positiveInt("push.max.object.mb") * 1024L * 1024L,
                Duration.ofSeconds(config.positiveInt("push.read.timeout.seconds")));
    }

    /** Stops push (letting registrations in flight finish), then the registrar, catalogue and key client. */
    @Override
    public void close() {
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("DICOM push: closing {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
