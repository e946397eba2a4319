package org.mdm.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SSLContext;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.se.srm.HostNames;
import org.mdm.se.srm.SrmLimits;
import org.mdm.se.srm.SrmSettings;
import org.mdm.security.GridCredential;
import org.mdm.security.GridTrust;
import org.mdm.security.PrincipalExtractor;
import org.mdm.security.admission.PreAuthLimits;

/** The SRM door's settings from the {@code se.srm.*} keys; none when {@code se.srm.port} is empty. */
final class SrmDoorSettings {

    private SrmDoorSettings() {
    }

    /** Whether the configuration asks for an SRM door. */
    static boolean enabled(MdmConfig config) {
        return !config.get("se.srm.port").isBlank();
    }

    static SrmSettings of(MdmConfig config, SSLContext host, GridCredential hostCredential, GridTrust trust,
            PrincipalExtractor principals, int gridFtpPort) throws MdmException {
        Set<String> names = new TreeSet<>(HostNames.of(hostCredential.certificate()));
        Arrays.stream(config.get("se.srm.hosts").split(",")).map(String::trim).filter(h -> !h.isEmpty())
                .map(h -> h.toLowerCase(Locale.ROOT)).forEach(names::add);
        if (names.isEmpty()) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "the host certificate names no host (no CN, no DNS"
                    + " name): set se.srm.hosts to the names SURLs of this SE use");
        }
        SrmLimits limits;
        try {
            limits = new SrmLimits(config.positiveInt("se.srm.max.request.kb") * 1024,
                    seconds(config, "se.srm.pin.default.seconds"), seconds(config, "se.srm.pin.max.seconds"),
                    config.positiveInt("se.srm.max.requests.per.client"),
                    config.positiveInt("se.srm.max.files.per.request"), config.positiveInt("se.srm.ls.max.entries"),
                    Duration.ofMinutes(10), Duration.ofMillis(config.nonNegativeInt("se.srm.answer.within.ms")));
        } catch (IllegalArgumentException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "se.srm.*: " + e.getMessage()
                    + " (max.request.kb at least 1, pin.max.seconds not below pin.default.seconds)");
        }
        PreAuthLimits preAuth = PreAuthLimits.of("se.srm.", config.positiveInt("se.srm.preauth.max.connections"),
                config.positiveInt("se.srm.preauth.max.per.address"), seconds(config, "se.srm.login.timeout.seconds"));
        return new SrmSettings(address(config.get("se.srm.address")), config.nonNegativeInt("se.srm.port"), host,
                trust, principals, names, gridFtpPort, preAuth, seconds(config, "se.srm.idle.timeout.seconds"),
                config.positiveInt("se.srm.threads"), limits);
    }

    private static Duration seconds(MdmConfig config, String key) throws MdmException {
        return Duration.ofSeconds(config.positiveInt(key));
    }

    private static InetAddress address(String text) throws MdmException {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "se.srm.address '" + text + "' is not an address"
                    + " of this host: use 0.0.0.0 (everywhere), 127.0.0.1, or a local interface's address", e);
        }
    }
}
