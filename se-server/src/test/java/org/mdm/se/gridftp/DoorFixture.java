package org.mdm.se.gridftp;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.mdm.api.BackendContext;
import org.mdm.api.BackendRegistry;
import org.mdm.api.seal.Seal;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolProvider;
import org.mdm.se.AccessList;
import org.mdm.se.MountTable;
import org.mdm.se.StorageElement;
import org.mdm.security.Credentials;
import org.mdm.security.GridTrust;
import org.mdm.security.PrincipalExtractor;
import org.mdm.security.TlsContexts;
import org.mdm.security.VomsAttributes;
import org.mdm.security.testpki.TestPki;

/**
 * A real storage element behind a real GridFTP door on loopback: the file backend serving a
 * directory under {@code /data/}, the rfio spool, the test PKI's host credential. Clients are
 * the real programs, started by the tests.
 */
public final class DoorFixture implements AutoCloseable {
    public static final TestPki PKI = TestPki.shared();
    public static final String MOUNT = "/data/";

    public final Path root;
    public final Path spoolDir;
    public final GridTrust trust;
    public final VomsAttributes voms;
    public final Spool spool;
    public final BackendRegistry registry;
    public final StorageElement se;
    public final GridFtpDoor door;

    public DoorFixture(Path dir) throws Exception {
        this(dir, List.of("dn:" + PKI.userDn()), Duration.ofSeconds(30), 200);
    }

    DoorFixture(Path dir, List<String> access, Duration stageTimeout, int maxSessions) throws Exception {
        this(dir, access, stageTimeout, maxSessions, Duration.ofSeconds(20), Duration.ofSeconds(60));
    }

    DoorFixture(Path dir, List<String> access, Duration stageTimeout, int maxSessions, Duration loginTimeout,
            Duration idleTimeout) throws Exception {
        this(dir, access, stageTimeout, maxSessions, loginTimeout, idleTimeout, false, s -> s, null);
    }

    /**
     * A door whose SE reads {@code names} for paths under {@link #NS_MOUNT}: a mount without
     * template access whose PFNs are files under the served root.
     */
    public static DoorFixture withNameSpace(Path dir, org.mdm.api.namespace.NameSpaceView names) throws Exception {
        return new DoorFixture(dir, List.of("dn:" + PKI.userDn()), Duration.ofSeconds(30), 200, Duration.ofSeconds(20),
                Duration.ofSeconds(60), false, s -> s, names);
    }

    /** The same, open to the DNs of {@code access} (entries {@code dn:…}). */
    public static DoorFixture withNameSpace(Path dir, org.mdm.api.namespace.NameSpaceView names, List<String> access)
            throws Exception {
        return new DoorFixture(dir, access, Duration.ofSeconds(30), 200, Duration.ofSeconds(20), Duration.ofSeconds(60),
                false, s -> s, names);
    }

    /** A door reading {@code names}, with the trap mount too ({@link #withTrap}), open to {@code access}. */
    public static DoorFixture withNameSpaceAndTrap(Path dir, org.mdm.api.namespace.NameSpaceView names,
            List<String> access) throws Exception {
        return new DoorFixture(dir, access, Duration.ofSeconds(30), 200, Duration.ofSeconds(20), Duration.ofSeconds(60),
                true, s -> s, names);
    }

    public static final String NS_MOUNT = "/ns/";

    /**
     * A door that also serves {@link #TRAP_MOUNT} through {@link TrapBackend}, whose every
     * failure quotes a DICOM-like PFN: for tests that no reply repeats a PFN.
     */
    static DoorFixture withTrap(Path dir, List<String> access) throws Exception {
        return new DoorFixture(dir, access, Duration.ofSeconds(30), 200, Duration.ofSeconds(20),
                Duration.ofSeconds(60), true, s -> s, null);
    }

    public static final String TRAP_MOUNT = "/pacs/";

    /** The same with {@code tune} applied to the door's settings last (e.g. its pre-login bounds). */
    DoorFixture(Path dir, List<String> access, Duration stageTimeout, int maxSessions, Duration loginTimeout,
            Duration idleTimeout, UnaryOperator<DoorSettings> tune) throws Exception {
        this(dir, access, stageTimeout, maxSessions, loginTimeout, idleTimeout, false, tune, null);
    }

    private DoorFixture(Path dir, List<String> access, Duration stageTimeout, int maxSessions, Duration loginTimeout,
            Duration idleTimeout, boolean trap, UnaryOperator<DoorSettings> tune,
            org.mdm.api.namespace.NameSpaceView names) throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        spoolDir = dir.resolve("spool");
        trust = GridTrust.fromDirectory(PKI.certDir());
        voms = VomsAttributes.create(PKI.vomsDir(), trust);
        spool = ServiceLoader.load(SpoolProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals("rfio")).findFirst().orElseThrow()
                .open(Map.of("dir", spoolDir.toString(), "capacity", "3G", "min.free", "1M"));
        registry = BackendRegistry.load(trap ? new java.net.URLClassLoader(new java.net.URL[] {
            DoorFixture.class.getResource("/trap-backend/")}, DoorFixture.class.getClassLoader())
                : DoorFixture.class.getClassLoader());
        Seal noSeal = keyId -> {
            throw new AssertionError("the file backend never seals");
        };
        registry.create("file", "files", Map.of("root", root.toString()), BackendContext.of(spool, noSeal));
        // Template access (opt-in): these mounts have no catalogue; the door serves their paths as they are.
        Map<String, String> mounts = new java.util.HashMap<>(Map.of("data.path", MOUNT, "data.pfn",
                "file://" + root + "/{name}", "data.template", "true"));
        if (trap) {
            registry.create("trap", "trap", Map.of(), BackendContext.of(spool, noSeal));
            mounts.putAll(Map.of("pacs.path", TRAP_MOUNT, "pacs.pfn", TrapBackend.SCHEME + "://" + TrapBackend.AET
                    + "@" + TrapBackend.HOST + ":" + TrapBackend.PORT + "/" + TrapBackend.STUDY_UID + "/{series}/{sop}",
                    "pacs.template", "true"));
        }
        if (names != null) {
            mounts.putAll(Map.of("ns.path", NS_MOUNT, "ns.pfn", "file://" + root + "/{name}"));
        }
        se = new StorageElement(MountTable.fromConfig(mounts), AccessList.of(access), names, spool, registry,
                stageTimeout);
        SSLContext host = TlsContexts.server(Credentials.load(PKI.hostCert(), PKI.hostKey()), trust);
        DoorSettings settings = DoorSettings.defaults(InetAddress.getLoopbackAddress(), 0, host, trust,
                new PrincipalExtractor(voms)).withMaxSessions(maxSessions)
                .withTimeouts(loginTimeout, idleTimeout, Duration.ofSeconds(20));
        door = GridFtpDoor.start(tune.apply(settings), se);
    }

    /** A file of {@code size} random bytes under the served root. */
    public Path file(String name, long size) throws IOException {
        Path f = root.resolve(name);
        Random r = new Random(size ^ name.hashCode());
        byte[] buf = new byte[1 << 16];
        try (var out = Files.newOutputStream(f)) {
            for (long left = size; left > 0; left -= buf.length) {
                r.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, left));
            }
        }
        return f;
    }

    String url(String name) {
        return "gsiftp://localhost:" + door.port() + MOUNT + name;
    }

    /**
     * Waits (up to 10 s) until no session runs and no spool file is pinned: what a client that
     * left, politely or not, must leave behind.
     */
    void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (door.activeSessions() > 0 || pins() > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the door did not clean up: " + door.activeSessions() + " sessions, "
                        + pins() + " pinned spool files");
            }
            Thread.sleep(20);
        }
    }

    /** Readers holding spool files now. */
    public int pins() {
        return spool.list().stream().mapToInt(org.mdm.api.spool.SpoolEntry::pins).sum();
    }

    /**
     * The door survived: it cleans up, a new client logs in and downloads {@code name} byte for
     * byte (stream mode, raw client), and it cleans up after that too.
     */
    void assertServes(String name) throws Exception {
        awaitIdle();
        byte[] got;
        try (GsiFtpClient c = GsiFtpClient.login(door.port())) {
            got = c.download(MOUNT + name);
        }
        if (!java.util.Arrays.equals(Files.readAllBytes(root.resolve(name)), got)) {
            throw new AssertionError(name + ": a new client got " + got.length + " bytes that differ from the file");
        }
        awaitIdle();
    }

    @Override
    public void close() {
        door.close();
        registry.close();
        spool.close();
        voms.close();
        trust.close();
    }
}
