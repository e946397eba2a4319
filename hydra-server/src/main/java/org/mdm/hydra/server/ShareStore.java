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

    /** Deletes the share of {@code keyId}; false if there was none. */
    boolean delete(String keyId) throws MdmException;

    /** Replaces the ACL of {@code keyId}; false if there is no such key. */
    boolean updateAcl(String keyId, List<AclEntry> acl) throws MdmException;

    @Override
    void close() throws MdmException;
}
