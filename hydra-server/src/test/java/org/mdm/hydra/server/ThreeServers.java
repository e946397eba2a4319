package org.mdm.hydra.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mdm.api.MdmException;
import org.mdm.hydra.keyserver.KeyServers;
import org.mdm.hydra.keyserver.KeyServersConfig;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.VomsAttributes;
import org.mdm.security.admission.PreAuthLimits;
import org.mdm.security.testpki.TestPki;

/** Three real key servers on loopback ports (HTTPS, host credential, H2 each unless given stores), for one test. */
final class ThreeServers implements AutoCloseable {
    static final TestPki PKI = TestPki.shared();

    final List<HydraServer> servers = new ArrayList<>();
    final List<JdbcShareStore> stores = new ArrayList<>();
    final List<Path> dbDirs = new ArrayList<>();
    private final GridTrust trust;
    private final boolean[] stopped = new boolean[3];

    ThreeServers(Path dir, GridTrust trust, VomsAttributes voms) throws MdmException {
        this(dir, trust, voms, HydraServerConfig.DEFAULT_PRE_AUTH);
    }

    /** Three servers on H2 with {@code preAuth} as their bounds before the TLS handshake is done. */
    ThreeServers(Path dir, GridTrust trust, VomsAttributes voms, PreAuthLimits preAuth) throws MdmException {
        this(h2Stores(dir), trust, voms, preAuth);
        for (int i = 0; i < 3; i++) {
            dbDirs.add(dir.resolve("db" + (i + 1)));
        }
    }

    /** Three servers on the given stores (which they close when they stop). */
    ThreeServers(List<JdbcShareStore> stores, GridTrust trust, VomsAttributes voms) throws MdmException {
        this(stores, trust, voms, HydraServerConfig.DEFAULT_PRE_AUTH);
    }

    private ThreeServers(List<JdbcShareStore> stores, GridTrust trust, VomsAttributes voms, PreAuthLimits preAuth)
            throws MdmException {
        this.trust = trust;
        GridCredential host = Credentials.load(PKI.hostCert(), PKI.hostKey());
        for (JdbcShareStore store : stores) {
            this.stores.add(store);
            servers.add(HydraServer.start(HydraServerConfig.of(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), host, trust, voms, store)
                    .withPreAuth(preAuth)));
        }
    }

    private static List<JdbcShareStore> h2Stores(Path dir) throws MdmException {
        List<JdbcShareStore> stores = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            stores.add(JdbcShareStore.openH2(dir.resolve("db" + (i + 1))));
        }
        return stores;
    }

    List<URI> uris() {
        return servers.stream().map(HydraServer::uri).toList();
    }

    /** A client of these three servers (2 of 3) acting as the credential in {@code proxyFile}. */
    KeyServers client(Path proxyFile) throws MdmException {
        return client(Credentials.loadProxy(proxyFile), uris());
    }

    KeyServers client(GridCredential credential, List<URI> uris) throws MdmException {
        return new KeyServers(KeyServersConfig.of(uris, 2), credential, trust);
    }

    /** A client with its own configuration (hedge delay, batch size, timeouts). */
    KeyServers client(GridCredential credential, KeyServersConfig config) throws MdmException {
        return new KeyServers(config, credential, trust);
    }

    /** Requests of {@code route} server {@code index} has handled. */
    long requests(int index, String route) {
        return servers.get(index).requestCounts().of(route);
    }

    /** A client acting as the host credential: a second identity (CN=localhost) the CA vouches for. */
    KeyServers hostClient() throws MdmException {
        return client(Credentials.load(PKI.hostCert(), PKI.hostKey()), uris());
    }

    void stop(int index) throws MdmException {
        servers.get(index).close();
        stopped[index] = true;
    }

    @Override
    public void close() throws MdmException {
        for (int i = 0; i < servers.size(); i++) {
            if (!stopped[i]) {
                servers.get(i).close();
            }
        }
    }
}
