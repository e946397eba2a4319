package org.mdm.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.keyserver.KeyServers;
import org.mdm.hydra.keyserver.KeyServersConfig;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;

/**
 * Turns the {@code grid.*} and {@code hydra.*} configuration keys into the objects the key
 * servers' client needs: the server list and threshold, the caller's proxy, the CA trust.
 */
final class GridSettings {
    private GridSettings() {
    }

    /**
     * The caller's proxy file: {@code grid.proxy} if set, else {@code $X509_USER_PROXY} if set,
     * else {@code /tmp/x509up_u<uid>} (the Globus default).
     */
    static Path proxyFile(MdmConfig config, String envProxy) {
        String configured = config.get("grid.proxy");
        if (!configured.isEmpty()) {
            return Path.of(configured);
        }
        if (envProxy != null && !envProxy.isEmpty()) {
            return Path.of(envProxy);
        }
        return Path.of("/tmp/x509up_u" + new com.sun.security.auth.module.UnixSystem().getUid());
    }

    /**
     * The caller as the services see it: the proxy's DN and the VOMS FQANs its attribute
     * certificates prove (grid.vomsdir), after the proxy is checked against the CAs, so that a
     * local command judges rights exactly as a door would.
     */
    static org.mdm.api.GridPrincipal callerPrincipal(MdmConfig config) throws MdmException {
        Path file = proxyFile(config, System.getenv("X509_USER_PROXY"));
        GridCredential proxy = Credentials.loadProxy(file);
        try (GridTrust trust = trust(config);
                org.mdm.security.VomsAttributes voms = org.mdm.security.VomsAttributes.create(
                        config.path("grid.vomsdir"), trust)) {
            try {
                trust.validate(proxy.chain());
            } catch (java.security.cert.CertificateException e) {
                throw new MdmException(Status.AUTHORIZATION_FAILURE, "The proxy " + file + " is not valid: "
                        + e.getMessage() + ". Make a new one (voms-proxy-init, or mdm pki proxy).", e);
            }
            return new org.mdm.security.PrincipalExtractor(voms).principal(proxy.chain());
        }
    }

    /** The key servers' client configuration, refusing an empty or malformed server list. */
    static KeyServersConfig keyServersConfig(MdmConfig config) throws MdmException {
        String list = config.get("hydra.servers");
        if (list.isBlank()) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "No key servers configured: set hydra.servers to the "
                    + "comma-separated https://host:port URLs of the Hydra servers (mdm --config FILE or -D).");
        }
        List<URI> servers = new ArrayList<>();
        for (String s : list.split(",")) {
            if (!s.isBlank()) {
                servers.add(URI.create(s.trim()));
            }
        }
        Duration connect = Duration.ofMillis(config.positiveInt("hydra.connect.timeout.ms"));
        Duration request = Duration.ofMillis(config.positiveInt("hydra.request.timeout.ms"));
        // A whole operation needs at least one connect plus one request; never less than the client's default.
        Duration total = connect.plus(request).compareTo(KeyServersConfig.DEFAULT_TOTAL) > 0 ? connect.plus(request)
                : KeyServersConfig.DEFAULT_TOTAL;
        try {
            return new KeyServersConfig(servers, config.positiveInt("hydra.threshold"), connect, request, total,
                    Duration.ofMillis(config.nonNegativeInt("hydra.hedge.delay.ms")), config.positiveInt("hydra.batch.size"));
        } catch (IllegalArgumentException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Bad hydra.servers / hydra.threshold / hydra.batch.size: "
                    + e.getMessage() + ".", e);
        }
    }

    /** The CA directory {@code grid.cert.dir} as trust. */
    static GridTrust trust(MdmConfig config) throws MdmException {
        return GridTrust.fromDirectory(config.path("grid.cert.dir"));
    }

    /** An open client of the configured key servers acting as the caller's proxy. */
    static Client client(MdmConfig config) throws MdmException {
        KeyServersConfig servers = keyServersConfig(config);
        GridCredential proxy = Credentials.loadProxy(proxyFile(config, System.getenv("X509_USER_PROXY")));
        GridTrust trust = trust(config);
        try {
            return new Client(new KeyServers(servers, proxy, trust), trust);
        } catch (MdmException | RuntimeException e) {
            trust.close();
            throw e;
        }
    }

    /** The key servers' client with the trust it holds, closed together. */
    record Client(KeyServers servers, GridTrust trust) implements AutoCloseable {
        @Override
        public void close() {
            servers.close();
            trust.close();
        }
    }
}
