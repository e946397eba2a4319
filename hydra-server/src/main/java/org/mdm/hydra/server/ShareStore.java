package org.mdm.hydra.server;

import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.mdm.api.MdmException;
import org.mdm.hydra.protocol.AclDocument;
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

    /**
     * Replaces the ACLs of several keys all or nothing, in one transaction: reads the owner and
     * ACL of each key with its row locked against concurrent changes, gives them to {@code
     * decision}, and if it agrees replaces every ACL and commits; otherwise (or if anything
     * fails) changes nothing. The lock makes the decision's view the one replaced: the rights it
     * checked are those in force, and the ACLs it saw are exactly what a client must put back to
     * undo the change.
     *
     * @param acls     the new ACL of each key
     * @param decision sees the keys that exist and says whether to go on (only if all exist)
     * @return whether the ACLs were replaced
     */
    boolean updateAclAll(Map<String, List<AclEntry>> acls, AclDecision decision) throws MdmException;

    /** Whether a batch ACL change goes on, seeing the current owner and ACL of its keys. */
    @FunctionalInterface
    interface AclDecision {
        /**
         * @param current the owner and ACL of each key of the change that exists, by key id
         * @return true to replace every ACL (every key must then exist), false to change nothing
         */
        boolean replace(Map<String, AclDocument> current) throws MdmException;
    }

    @Override
    void close() throws MdmException;
}
