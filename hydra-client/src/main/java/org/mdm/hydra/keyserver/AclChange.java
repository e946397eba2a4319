package org.mdm.hydra.keyserver;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link KeyServers#setAclAll} did: the ACL of {@code keys} keys was replaced on every
 * server.
 *
 * @param keys         the number of keys whose ACL was replaced
 * @param keysByServer per server, in configured order, the keys it replaced (each equals {@code keys})
 */
public record AclChange(int keys, Map<URI, Integer> keysByServer) {
    /** Copies the map, keeping its order. */
    public AclChange {
        keysByServer = Collections.unmodifiableMap(new LinkedHashMap<>(keysByServer));
    }

    /** One line for a user: {@code ACL of 500 keys set on 3 key servers: https://a:8443 500, …}. */
    public String describe() {
        return "ACL of " + keys + " key" + (keys == 1 ? "" : "s") + " set on " + keysByServer.size() + " key servers: "
                + keysByServer.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", "));
    }
}
