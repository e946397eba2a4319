package org.mdm.dicom;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.dicom.net.DicomNode;
import org.mdm.dicom.net.RetrieveMethod;
import org.mdm.dicom.net.RetrieverConfig;

/** Reads the retrieval part of the DICOM backend's configuration into a {@link RetrieverConfig}. */
final class RetrieverSettings {
    static final String CALLING_AET = "calling.aet";
    static final String METHOD = "retrieve.method";
    static final String MOVE_SERVERS = "move.servers";
    static final String SCP_AET = "move.scp.aet";
    static final String SCP_PORT = "move.scp.port";
    static final String POOL_MAX = "pool.max.per.server";
    static final String POOL_IDLE = "pool.idle.seconds";
    static final String CONNECT_TIMEOUT = "connect.timeout.ms";
    static final String READ_TIMEOUT = "read.timeout.ms";
    static final Set<String> KEYS = Set.of(CALLING_AET, METHOD, MOVE_SERVERS, SCP_AET, SCP_PORT, POOL_MAX, POOL_IDLE,
            CONNECT_TIMEOUT, READ_TIMEOUT);

    private RetrieverSettings() {
    }

    static RetrieverConfig parse(String backend, Map<String, String> config) throws MdmException {
        RetrieverConfig c = RetrieverConfig.defaults();
        Settings s = new Settings(backend, config);
        c = c.withCallingAet(s.aet(CALLING_AET, c.callingAet()))
                .withDefaultMethod(method(s, config.getOrDefault(METHOD, "get")))
                .withStoreScp(s.aet(SCP_AET, c.storeScpAet()), s.integer(SCP_PORT, c.storeScpPort(), 0, 65535))
                .withMaxAssociationsPerNode(s.integer(POOL_MAX, c.maxAssociationsPerNode(), 1, 1024))
                .withIdleEviction(Duration.ofSeconds(s.integer(POOL_IDLE, (int) c.idleEviction().toSeconds(), 1,
                        86_400)))
                .withConnectTimeout(Duration.ofMillis(s.integer(CONNECT_TIMEOUT,
                        (int) c.connectTimeout().toMillis(), 1, 3_600_000)))
                .withReadTimeout(Duration.ofMillis(s.integer(READ_TIMEOUT, (int) c.readTimeout().toMillis(), 1,
                        3_600_000)));
        for (String server : config.getOrDefault(MOVE_SERVERS, "").split(",")) {
            String trimmed = server.trim();
            if (!trimmed.isEmpty()) {
                if (!DicomNode.isValidAet(trimmed.split("@", 2)[0])) {
                    throw s.error(MOVE_SERVERS, config.get(MOVE_SERVERS), "a comma-separated list of AE titles"
                            + " (or AET@host:port)");
                }
                c = c.withMethod(trimmed, RetrieveMethod.MOVE);
            }
        }
        return c;
    }

    private static RetrieveMethod method(Settings s, String value) throws MdmException {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "get" -> RetrieveMethod.GET;
            case "move" -> RetrieveMethod.MOVE;
            default -> throw s.error(METHOD, value, "'get' or 'move'");
        };
    }

    /** Typed access to one backend's keys, with errors that name the key and the value. */
    static final class Settings {
        private final String backend;
        private final Map<String, String> config;

        Settings(String backend, Map<String, String> config) {
            this.backend = backend;
            this.config = config;
        }

        int integer(String key, int defaultValue, int min, int max) throws MdmException {
            String value = config.get(key);
            if (value == null) {
                return defaultValue;
            }
            try {
                int parsed = Integer.parseInt(value.trim());
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw error(key, value, "an integer in " + min + ".." + max);
        }

        String aet(String key, String defaultValue) throws MdmException {
            String value = config.getOrDefault(key, defaultValue);
            if (!DicomNode.isValidAet(value)) {
                throw error(key, value, "an AE title of 1-16 characters without backslash");
            }
            return value;
        }

        MdmException error(String key, String value, String expected) {
            return new MdmException(Status.CONFIGURATION_ERROR, "Backend '" + backend + "': " + key + " = '" + value
                    + "' is invalid; expected " + expected + ".");
        }
    }
}
