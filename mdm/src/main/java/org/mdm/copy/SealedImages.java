package org.mdm.copy;

import java.nio.file.Path;
import org.mdm.api.MdmException;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.SealedFormat;
import org.mdm.hydra.Unsealer;
import org.mdm.hydra.keyserver.KeyServers;

/**
 * Opens a sealed image: its key id is in its header; the key is rebuilt from k of the n key
 * servers as the user (who needs read on it), the file authenticated and decrypted into the
 * destination, which is written whole or not at all. The key lives only in memory and is wiped.
 */
final class SealedImages {
    private final KeyServers keys;

    SealedImages(KeyServers keys) {
        this.keys = keys;
    }

    /** Decrypts {@code sealed} into {@code dest}; returns the plaintext size. */
    long open(Path sealed, Path dest, String name) throws MdmException {
        String keyId = SealedFormat.readHeader(sealed).keyId();
        ImageKey key;
        try {
            key = keys.fetch(keyId);
        } catch (MdmException e) {
            throw new MdmException(e.status(), name + ": cannot rebuild its key from the key servers: "
                    + e.getMessage(), e);
        }
        try {
            return Unsealer.unseal(key, sealed, dest);
        } finally {
            key.destroy();
        }
    }
}
