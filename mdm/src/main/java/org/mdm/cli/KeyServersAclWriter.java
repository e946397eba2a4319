package org.mdm.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mdm.acl.KeyAclWriter;
import org.mdm.api.MdmException;
import org.mdm.hydra.keyserver.AclChange;
import org.mdm.hydra.keyserver.KeyServers;
import org.mdm.hydra.protocol.AclEntry;

/** The key servers' bulk ACL route ({@link KeyServers#setAclAll}) as {@code mdm acl} uses it. */
final class KeyServersAclWriter implements KeyAclWriter {
    private final KeyServers servers;

    KeyServersAclWriter(KeyServers servers) {
        this.servers = servers;
    }

    @Override
    public Applied setAll(Map<String, List<AclEntry>> aclByKey, Map<String, List<AclEntry>> before)
            throws MdmException {
        AclChange change = servers.setAclAll(aclByKey);
        Map<String, Integer> byServer = new LinkedHashMap<>();
        change.keysByServer().forEach((uri, n) -> byServer.put(uri.toString(), n));
        return new Applied() {
            @Override
            public Map<String, Integer> keysByServer() {
                return byServer;
            }

            @Override
            public void undo() throws MdmException {
                servers.setAclAll(before);
            }
        };
    }
}
