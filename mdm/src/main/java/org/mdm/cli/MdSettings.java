package org.mdm.cli;

import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.md.client.Endpoint;
import org.mdm.md.client.Sites;
import org.mdm.md.client.Timeouts;
import org.mdm.security.Credentials;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;

/**
 * Turns the {@code md.*} keys (and the caller's grid credentials) into the metadata sites
 * {@code mdm query} asks.
 */
final class MdSettings {
    /** The site asked when none is configured. */
    static final String LOCAL = "local";

    private MdSettings() {
    }

    /** {@code md.site.<name>=host:port}, or {@code local=localhost:<md.port>} when there are none. */
    static SortedMap<String, Endpoint> sites(MdmConfig config) throws MdmException {
        SortedMap<String, Endpoint> sites = new TreeMap<>();
        for (Map.Entry<String, String> e : config.section("md.site.").entrySet()) {
            try {
                sites.put(e.getKey(), Endpoint.parse(e.getValue()));
            } catch (MdmException bad) {
                throw new MdmException(Status.CONFIGURATION_ERROR, "Configuration key md.site." + e.getKey() + ": "
                        + bad.getMessage() + ".", bad);
            }
        }
        if (sites.isEmpty()) {
            sites.put(LOCAL, new Endpoint("localhost", port(config)));
        }
        return sites;
    }

    /** {@code md.connect.timeout.ms} and {@code md.timeout.ms}. */
    static Timeouts timeouts(MdmConfig config) throws MdmException {
        return new Timeouts(Duration.ofMillis(config.positiveInt("md.connect.timeout.ms")),
                Duration.ofMillis(config.positiveInt("md.timeout.ms")));
    }

    /** The configured sites, reached with the caller's proxy ({@code grid.proxy}) and trust ({@code grid.cert.dir}). */
    static Client open(MdmConfig config) throws MdmException {
        GridCredential proxy = Credentials.loadProxy(GridSettings.proxyFile(config, System.getenv("X509_USER_PROXY")));
        GridTrust trust = GridSettings.trust(config);
        try {
            Sites sites = new Sites(proxy, trust, timeouts(config));
            for (Map.Entry<String, Endpoint> e : sites(config).entrySet()) {
                sites.add(e.getKey(), e.getValue());
            }
            return new Client(sites, trust);
        } catch (MdmException | RuntimeException e) {
            trust.close();
            throw e;
        }
    }

    private static int port(MdmConfig config) throws MdmException {
        int port = config.positiveInt("md.port");
        if (port > 65535) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Configuration key md.port = " + port
                    + " is not a TCP port (1..65535).");
        }
        return port;
    }

    /** The sites with the trust they hold, closed together. */
    record Client(Sites sites, GridTrust trust) implements AutoCloseable {
        @Override
        public void close() {
            sites.close();
            trust.close();
        }
    }
}
