package org.mdm.hydra.server;

import java.util.List;
import java.util.Optional;
import org.mdm.api.MdmException;
import org.mdm.hydra.protocol.AclEntry;

/** Where a key server keeps its shares: one per key id, insert-once. */
public interface ShareStore extends AutoCloseable {

    /** Stores {@code share} unless its key id exists; returns false (and changes nothing) if it does. */
    boolean insert(StoredShare share) throws MdmException;

    /** The share of {@code keyId}, if any. */
    Optional<StoredShare> find(String keyId) throws MdmException;

    /**
     * Stores each share whose key id does not exist yet, all in one transaction: on a database
     * failure none is stored. Returns, per share in order, whether it was stored (false: the id
     * existed and its share is unchanged).
     */
    List<Boolean> insertAll(List<StoredShare> shares) throws MdmException;

    /** The shares of those of {@code keyIds} that exist, by key id. */
    java.util.Map<String, StoredShare> findAll(java.util.Collection<String> keyIds) throws MdmException;

    /** Deletes the share of {@code keyId}; false if there was none. */
    boolean delete(String keyId) throws MdmException;

    /** Replaces the ACL of {@code keyId}; false if there is no such key. */
    boolean updateAcl(String keyId, List<AclEntry> acl) throws MdmException;

    @Override
    void close() throws MdmException;
}
