package org.mdm.api.seal;

import org.mdm.api.MdmException;

/**
 * Encrypts staged files before they reach the spool: the hosting SE lends it to backends
 * (see {@link org.mdm.api.BackendContext#seal()}), because the keys, the key servers and the
 * host credential that reads them belong to the site, not to one backend.
 *
 * <p>Sealing must be deterministic (same key and plaintext, same bytes) so that a regenerated
 * spool file keeps the size and checksum recorded at registration. Implementations are
 * thread-safe.
 */
public interface Seal {

    /**
     * The key {@code keyId}, ready to seal with. Open it before reserving spool space: a key
     * that cannot be had fails the staging before any byte is written.
     *
     * @param keyId the image's key id; it is written in clear into the sealed file
     * @throws MdmException NOT_FOUND if no key has this id, AUTHORIZATION_FAILURE if the site may
     *                      not read it, PEER_UNAVAILABLE if too few key servers answered; the
     *                      message names the key and the servers and says what to do
     */
    SealingKey open(String keyId) throws MdmException;

    /**
     * Says that the keys {@code keyIds} will be opened soon (the images of a series about to be
     * staged), so that a seal can fetch them ahead in a few bulk requests instead of one request
     * per {@link #open}. Returns at once; never fails: a key that cannot be had fails later, in
     * its own {@link #open}, with the usual message. By default it does nothing.
     */
    default void prefetch(java.util.Collection<String> keyIds) {
    }
}
