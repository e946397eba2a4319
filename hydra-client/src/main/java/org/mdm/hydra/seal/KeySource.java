package org.mdm.hydra.seal;

import org.mdm.api.MdmException;
import org.mdm.hydra.ImageKey;

/** Where rebuilt image keys come from: the key servers, in production. */
@FunctionalInterface
public interface KeySource {

    /**
     * The key {@code keyId}; the caller destroys it.
     *
     * @throws MdmException NOT_FOUND, AUTHORIZATION_FAILURE or PEER_UNAVAILABLE, naming the servers
     */
    ImageKey fetch(String keyId) throws MdmException;
}
