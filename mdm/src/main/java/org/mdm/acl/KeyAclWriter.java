package org.mdm.acl;

import java.util.List;
import java.util.Map;
import org.mdm.api.MdmException;
import org.mdm.hydra.protocol.AclEntry;

/** Sets many keys' ACLs on every key server at once, all or nothing, and can put them back. */
public interface KeyAclWriter {

    /** What was set: how many keys each server took, and the way back. */
    interface Applied {
        /** Keys set, by server. */
        Map<String, Integer> keysByServer();

        /** Puts back the ACLs the keys had before (when the catalogue could not commit). */
        void undo() throws MdmException;
    }

    /**
     * Replaces the ACL of each key on every server; {@code before} is what {@link Applied#undo}
     * puts back.
     *
     * @throws MdmException naming the servers that failed and why; nothing is left changed (or
     *                      the message names where the way back failed)
     */
    Applied setAll(Map<String, List<AclEntry>> aclByKey, Map<String, List<AclEntry>> before) throws MdmException;
}
