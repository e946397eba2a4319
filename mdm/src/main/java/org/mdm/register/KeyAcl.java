package org.mdm.register;

import java.util.ArrayList;
import java.util.List;
import org.mdm.catalog.AclEntry;
import org.mdm.hydra.protocol.Right;

/** The key servers' ACL of a new image key: the SE reads it to serve, and so do the registrant's readers. */
final class KeyAcl {
    private KeyAcl() {
    }

    static List<org.mdm.hydra.protocol.AclEntry> of(String seDn, Registrant who) {
        List<org.mdm.hydra.protocol.AclEntry> acl = new ArrayList<>();
        acl.add(org.mdm.hydra.protocol.AclEntry.dn(seDn, Right.READ));
        for (AclEntry reader : who.readers()) {
            String name = reader.qualifier();
            if (reader.tag() == AclEntry.Tag.USER) {
                acl.add(org.mdm.hydra.protocol.AclEntry.dn(name, Right.READ));
            } else if (name.startsWith("/")) {
                acl.add(org.mdm.hydra.protocol.AclEntry.group(name, Right.READ));
            } else {
                acl.add(org.mdm.hydra.protocol.AclEntry.vo(name, Right.READ));
            }
        }
        return acl;
    }
}
