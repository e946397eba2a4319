package org.mdm.hydra.seal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mdm.api.MdmException;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.keyserver.KeyOutcome;

/** Where rebuilt image keys come from: the key servers, in production. */
@FunctionalInterface
public interface KeySource {

    /**
     * The key {@code keyId}; the caller destroys it.
     *
     * @throws MdmException NOT_FOUND, AUTHORIZATION_FAILURE or PEER_UNAVAILABLE, naming the servers
     */
    ImageKey fetch(String keyId) throws MdmException;

    /**
     * Many keys at once, each as {@link #fetch} would give it or fail; the caller destroys the
     * keys. By default one {@link #fetch} after another; the key servers' client batches them.
     *
     * @return one outcome per distinct id, in the order given
     */
    default Map<String, KeyOutcome<ImageKey>> fetchAll(Collection<String> keyIds) {
        Map<String, KeyOutcome<ImageKey>> outcomes = new LinkedHashMap<>();
        for (String id : keyIds) {
            if (!outcomes.containsKey(id)) {
                try {
                    outcomes.put(id, KeyOutcome.ok(id, fetch(id)));
                } catch (MdmException e) {
                    outcomes.put(id, KeyOutcome.failed(id, e));
                }
            }
        }
        return outcomes;
    }
}
