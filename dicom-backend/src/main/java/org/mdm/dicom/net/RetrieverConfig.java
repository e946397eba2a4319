package org.mdm.dicom.net;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration of a {@link PooledRetriever}. Every default works on a single machine; change
 * one value with the {@code with…} methods:
 *
 * <pre>
 *   RetrieverConfig.defaults().withCallingAet("MDM").withMethod("PACS", RetrieveMethod.MOVE).withStoreScp("MDM", 11113)
 * </pre>
 *
 * @param callingAet             our AE title when we call a server (default {@code MDM})
 * @param defaultMethod          the retrieve method for servers not in {@code methods} (default GET)
 * @param methods                per-server methods, keyed by {@code AET@host:port} or by AE title alone
 * @param storeScpAet            our Store SCP's AE title, the C-MOVE destination (default {@code MDM})
 * @param storeScpPort           our Store SCP's port; 0 picks a free one (default 0). The SCP runs
 *                               only when some server uses MOVE
 * @param maxAssociationsPerNode pooled associations per server at most (default 4)
 * @param idleEviction           an idle association is closed after this long (default 60 s)
 * @param connectTimeout         TCP connect timeout (default 5 s)
 * @param readTimeout            longest silence tolerated from a server, per read (default 30 s)
 */
public record RetrieverConfig(String callingAet, RetrieveMethod defaultMethod, Map<String, RetrieveMethod> methods,
        String storeScpAet, int storeScpPort, int maxAssociationsPerNode, Duration idleEviction,
        Duration connectTimeout, Duration readTimeout) {

    /** Validates the fields. */
    public RetrieverConfig {
        Objects.requireNonNull(defaultMethod, "defaultMethod");
        methods = Map.copyOf(methods);
        if (!DicomNode.isValidAet(callingAet) || !DicomNode.isValidAet(storeScpAet)) {
            throw new IllegalArgumentException("calling and Store SCP AE titles must be 1-16 characters without"
                    + " backslash or control characters");
        }
        if (storeScpPort < 0 || storeScpPort > 65535) {
            throw new IllegalArgumentException("Store SCP port " + storeScpPort + " is not in 0..65535");
        }
        if (maxAssociationsPerNode < 1) {
            throw new IllegalArgumentException("maxAssociationsPerNode must be at least 1");
        }
        requirePositive(idleEviction, "idleEviction");
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
    }

    private static void requirePositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration");
        }
    }

    /** The defaults listed in the class comment. */
    public static RetrieverConfig defaults() {
        return new RetrieverConfig("MDM", RetrieveMethod.GET, Map.of(), "MDM", 0, 4, Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    /** The method for a server: by {@code AET@host:port}, then by AE title, then the default. */
    public RetrieveMethod methodFor(DicomNode node) {
        RetrieveMethod m = methods.get(node.toString());
        if (m == null) {
            m = methods.get(node.aet());
        }
        return m == null ? defaultMethod : m;
    }

    /** True if any server is fetched by C-MOVE, so the Store SCP must run. */
    public boolean usesMove() {
        return defaultMethod == RetrieveMethod.MOVE || methods.containsValue(RetrieveMethod.MOVE);
    }

    public RetrieverConfig withCallingAet(String aet) {
        return new RetrieverConfig(aet, defaultMethod, methods, storeScpAet, storeScpPort, maxAssociationsPerNode,
                idleEviction, connectTimeout, readTimeout);
    }

    public RetrieverConfig withDefaultMethod(RetrieveMethod method) {
        return new RetrieverConfig(callingAet, method, methods, storeScpAet, storeScpPort, maxAssociationsPerNode,
                idleEviction, connectTimeout, readTimeout);
    }

    /** Sets the method of one server, named {@code AET@host:port} or by AE title. */
    public RetrieverConfig withMethod(String server, RetrieveMethod method) {
        Map<String, RetrieveMethod> m = new HashMap<>(methods);
        m.put(server, method);
        return new RetrieverConfig(callingAet, defaultMethod, m, storeScpAet, storeScpPort, maxAssociationsPerNode,
                idleEviction, connectTimeout, readTimeout);
    }

    public RetrieverConfig withStoreScp(String aet, int port) {
        return new RetrieverConfig(callingAet, defaultMethod, methods, aet, port, maxAssociationsPerNode,
                idleEviction, connectTimeout, readTimeout);
    }

    public RetrieverConfig withMaxAssociationsPerNode(int max) {
        return new RetrieverConfig(callingAet, defaultMethod, methods, storeScpAet, storeScpPort, max,
                idleEviction, connectTimeout, readTimeout);
    }

    public RetrieverConfig withIdleEviction(Duration d) {
        return new RetrieverConfig(callingAet, defaultMethod, methods, storeScpAet, storeScpPort,
                maxAssociationsPerNode, d, connectTimeout, readTimeout);
    }

    public RetrieverConfig withConnectTimeout(Duration d) {
        return new RetrieverConfig(callingAet, defaultMethod, methods, storeScpAet, storeScpPort,
                maxAssociationsPerNode, idleEviction, d, readTimeout);
    }

    public RetrieverConfig withReadTimeout(Duration d) {
        return new RetrieverConfig(callingAet, defaultMethod, methods, storeScpAet, storeScpPort,
                maxAssociationsPerNode, idleEviction, connectTimeout, d);
    }
}
