package org.mdm.it;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.mdm.api.MdmException;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.Unsealer;
import org.mdm.hydra.keyserver.KeyServers;
import org.mdm.hydra.keyserver.KeyServersConfig;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.Right;
import org.mdm.hydra.seal.HydraSeal;
import org.mdm.hydra.server.HydraServer;
import org.mdm.hydra.server.HydraServerConfig;
import org.mdm.hydra.server.JdbcShareStore;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.VomsAttributes;
import org.mdm.security.testpki.TestPki;

/**
 * Three real Hydra key servers on loopback ports (HTTPS, the test PKI's host credential, H2
 * each), and the two identities that use them: the researcher (the test PKI's user proxy),
 * who owns the image keys and decrypts, and the storage element (the host credential), which
 * reads keys to seal what it spools.
 */
final class KeyServerTrio implements AutoCloseable {
    static final TestPki PKI = TestPki.shared();

    private final GridTrust trust;
    private final VomsAttributes voms;
    private final List<HydraServer> servers = new ArrayList<>();
    private final boolean[] stopped = new boolean[3];
    private final Path dir;
    private KeyServers user;
    private KeyServers host;
    private HydraSeal seal;

    KeyServerTrio(Path dir) throws Exception {
        this.dir = Files.createDirectories(dir);
        trust = GridTrust.fromDirectory(PKI.certDir());
        voms = VomsAttributes.create(PKI.vomsDir(), trust);
        GridCredential hostCredential = hostCredential();
        for (int i = 1; i <= 3; i++) {
            servers.add(HydraServer.start(HydraServerConfig.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    hostCredential, trust, voms, JdbcShareStore.openH2(dir.resolve("keys" + i)))));
        }
    }

    static GridCredential hostCredential() throws MdmException {
        return Credentials.load(PKI.hostCert(), PKI.hostKey());
    }

    List<URI> uris() {
        return servers.stream().map(HydraServer::uri).toList();
    }

    /** The hydra.servers value. */
    String serverList() {
        return uris().stream().map(URI::toString).collect(Collectors.joining(","));
    }

    /**
     * The mdm options of this site: the key servers, the CA and VOMS directories, the
     * researcher's proxy (for {@code mdm eds}) and the SE's host credential (for sealing).
     */
    List<String> siteOptions() {
        return List.of("-D", "hydra.servers=" + serverList(), "-D", "grid.cert.dir=" + PKI.certDir(),
                "-D", "grid.vomsdir=" + PKI.vomsDir(), "-D", "grid.proxy=" + PKI.proxy(),
                "-D", "se.host.cert=" + PKI.hostCert(), "-D", "se.host.key=" + PKI.hostKey());
    }

    /**
     * 2 of 3 with generous timeouts: the machine running the tests may be busy (a few seconds
     * for one TLS handshake have been seen), and no test here is about the timeouts; a stopped
     * server still fails at once (connection refused).
     */
    private KeyServersConfig clientConfig() {
        Duration generous = Duration.ofSeconds(15);
        return new KeyServersConfig(uris(), 2, generous, generous, generous.multipliedBy(2));
    }

    /** The researcher's client (2 of 3). */
    synchronized KeyServers user() throws MdmException {
        if (user == null) {
            user = new KeyServers(clientConfig(), Credentials.loadProxy(PKI.proxy()), trust);
        }
        return user;
    }

    /** The storage element's seal: keys read with the host credential, cached 60 s. */
    synchronized HydraSeal seal() throws MdmException {
        if (seal == null) {
            host = new KeyServers(clientConfig(), hostCredential(), trust);
            seal = HydraSeal.over(host, PKI.hostDn(), 256, Duration.ofSeconds(60));
        }
        return seal;
    }

    /** The researcher registers a new key {@code keyId} and grants the SE read on it. */
    void registerForSite(String keyId) throws MdmException {
        ImageKey key = ImageKey.generate(keyId);
        try {
            user().register(key, List.of(AclEntry.dn(PKI.hostDn(), Right.READ)));
        } finally {
            key.destroy();
        }
    }

    /** The researcher registers new keys {@code keyIds} in bulk and grants the SE read on each. */
    void registerAllForSite(List<String> keyIds) throws MdmException {
        List<ImageKey> keys = keyIds.stream().map(ImageKey::generate).toList();
        try {
            for (var o : user().registerAll(keys, List.of(AclEntry.dn(PKI.hostDn(), Right.READ))).values()) {
                o.get();
            }
        } finally {
            keys.forEach(ImageKey::destroy);
        }
    }

    /** Requests of {@code route} (e.g. {@code "POST /v1/batch/get"}) all three servers have handled. */
    long requests(String route) {
        return servers.stream().mapToLong(s -> s.requestCounts().of(route)).sum();
    }

    /** The researcher registers {@code keyId} owner-only: the SE may not read it. */
    void registerPrivately(String keyId) throws MdmException {
        ImageKey key = ImageKey.generate(keyId);
        try {
            user().register(key, List.of());
        } finally {
            key.destroy();
        }
    }

    /** The SE registers {@code key} owner-only with its host credential: the researcher may not read it. */
    void hostOnly(ImageKey key) throws MdmException {
        seal();
        host.register(key, List.of());
    }

    /** The researcher rebuilds the key from the servers and opens {@code sealed}. */
    byte[] decrypt(String keyId, Path sealed) throws Exception {
        Path out = Files.createTempFile(dir, "plain", ".dcm");
        ImageKey key = user().fetch(keyId);
        try {
            Unsealer.unseal(key, sealed, out);
            return Files.readAllBytes(out);
        } finally {
            key.destroy();
            Files.deleteIfExists(out);
        }
    }

    void stop(int index) throws MdmException {
        servers.get(index).close();
        stopped[index] = true;
    }

    /** Starts a stopped server again, on its port and with its database (the shares it held). */
    void restart(int index) throws MdmException {
        if (!stopped[index]) {
            throw new IllegalStateException("key server " + index + " is running");
        }
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getLoopbackAddress(), servers.get(index).uri().getPort());
        servers.set(index, HydraServer.start(HydraServerConfig.of(bind, hostCredential(), trust, voms,
                JdbcShareStore.openH2(dir.resolve("keys" + (index + 1))))));
        stopped[index] = false;
    }

    @Override
    public void close() throws MdmException {
        if (seal != null) {
            seal.close();
            host.close();
        }
        if (user != null) {
            user.close();
        }
        for (int i = 0; i < servers.size(); i++) {
            if (!stopped[i]) {
                servers.get(i).close();
            }
        }
        voms.close();
        trust.close();
    }
}
