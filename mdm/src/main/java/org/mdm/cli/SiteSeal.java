package org.mdm.cli;

import java.time.Duration;
import org.mdm.api.MdmException;
import org.mdm.api.seal.Seal;
import org.mdm.api.seal.SealingKey;
import org.mdm.hydra.keyserver.KeyServers;
import org.mdm.hydra.seal.HydraSeal;
import org.mdm.hydra.seal.LockedKeyCache;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;

/**
 * The seal a storage element lends its backends, from the configuration: the key servers of
 * {@code hydra.servers}, read with the SE's host credential ({@code se.host.cert}, {@code
 * se.host.key}), keys cached {@code seal.key.cache.seconds} in locked memory.
 */
public final class SiteSeal implements Seal, AutoCloseable {
    private final GridTrust trust;
    private final KeyServers servers;
    private final HydraSeal seal;
    private final LockedKeyCache cache;

    private SiteSeal(GridTrust trust, KeyServers servers, HydraSeal seal, LockedKeyCache cache) {
        this.trust = trust;
        this.servers = servers;
        this.seal = seal;
        this.cache = cache;
    }

    /** Keys held in the cache now (for `mdm status`). */
    public int cachedKeys() {
        return cache.size();
    }

    /** Opens the seal the configuration describes (for embedding, and the benchmarks). */
    public static SiteSeal open(MdmConfig config) throws MdmException {
        var serversConfig = GridSettings.keyServersConfig(config);
        GridCredential host;
        try {
            host = Credentials.load(config.path("se.host.cert"), config.path("se.host.key"));
        } catch (MdmException e) {
            throw new MdmException(e.status(), "The storage element reads image keys with its host credential"
                    + " (se.host.cert, se.host.key), which cannot be loaded: " + e.getMessage() + ". Point those keys"
                    + " at the host certificate and key, or for a trial on one machine use `mdm pki init DIR`.", e);
        }
        int entries = config.positiveInt("seal.key.cache.entries");
        Duration ttl = Duration.ofSeconds(config.nonNegativeInt("seal.key.cache.seconds"));
        GridTrust trust = GridSettings.trust(config);
        try {
            KeyServers servers = new KeyServers(serversConfig, host, trust);
            LockedKeyCache cache = new LockedKeyCache(entries, ttl);
            return new SiteSeal(trust, servers, new HydraSeal(servers, cache, GridTrust.dn(host.certificate())), cache);
        } catch (MdmException | RuntimeException e) {
            trust.close();
            throw e;
        }
    }

    /** The seal of a site configuration file (keys it does not set keep their defaults). */
    public static SiteSeal fromFile(java.nio.file.Path siteProperties) throws MdmException {
        return open(MdmConfig.load(siteProperties, java.util.Map.of()));
    }

    @Override
    public SealingKey open(String keyId) throws MdmException {
        return seal.open(keyId);
    }

    @Override
    public void prefetch(java.util.Collection<String> keyIds) {
        seal.prefetch(keyIds);
    }

    @Override
    public void close() {
        seal.close();
        servers.close();
        trust.close();
    }
}
