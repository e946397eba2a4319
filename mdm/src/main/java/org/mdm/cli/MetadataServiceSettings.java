package org.mdm.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.query.QueryLimits;
import org.mdm.se.AccessList;
import org.mdm.se.md.MdSettings;
import org.mdm.security.PrincipalExtractor;
import org.mdm.security.admission.PreAuthLimits;

/** The metadata service's settings from the {@code md.*} keys; none when {@code md.port} is empty. */
final class MetadataServiceSettings {
    private MetadataServiceSettings() {
    }

    static boolean enabled(MdmConfig config) {
        return !config.get("md.port").isBlank();
    }

    static MdSettings of(MdmConfig config, SSLContext host, PrincipalExtractor principals, AccessList access)
            throws MdmException {
        InetAddress address;
        try {
            address = InetAddress.getByName(config.get("md.address"));
        } catch (UnknownHostException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "md.address '" + config.get("md.address") + "' is not"
                    + " an address of this host: use 0.0.0.0 (everywhere), 127.0.0.1, or a local interface's address", e);
        }
        Set<String> admins = Arrays.stream(config.get("md.admins").split(",")).map(String::trim)
                .filter(a -> !a.isEmpty()).collect(Collectors.toSet());
        PreAuthLimits preAuth = PreAuthLimits.of("md.", config.positiveInt("md.preauth.max.connections"),
                config.positiveInt("md.preauth.max.per.address"), seconds(config, "md.login.timeout.seconds"));
        return new MdSettings(address, config.nonNegativeInt("md.port"), host, principals, access, preAuth,
                config.positiveInt("md.max.sessions"), seconds(config, "md.idle.timeout.seconds"),
                new QueryLimits(config.positiveInt("md.max.rows"), seconds(config, "md.query.timeout.seconds")), admins);
    }

    private static Duration seconds(MdmConfig config, String key) throws MdmException {
        return Duration.ofSeconds(config.positiveInt(key));
    }
}
