package org.mdm.register;

import java.util.ArrayList;
import java.util.List;
import org.mdm.catalog.AclEntry;
import org.mdm.hydra.protocol.Right;

/**
 * The key servers' ACL of a new image key. The SE reads it to serve, and may remove it: a start
 * of {@code mdm serve} undoes what an interrupted registration left, whoever made the key. The
 * owner is named with every right: the key servers make the caller the owner, which is the owner
 * for {@code mdm register} (the entry is then redundant) but the SE for DICOM push. The
 * registrant's readers get what their entries give: read for r, setacl for c.
 */
final class KeyAcl {
    private KeyAcl() {
    }

    static List<org.mdm.hydra.protocol.AclEntry> of(String seDn, Registrant who) {
        List<org.mdm.hydra.protocol.AclEntry> acl = new ArrayList<>();
        acl.add(org.mdm.hydra.protocol.AclEntry.dn(seDn, Right.READ, Right.REMOVE));
        if (!who.ownerDn().equals(seDn)) {
            acl.add(org.mdm.hydra.protocol.AclEntry.dn(who.ownerDn(), Right.values()));
        }
        for (AclEntry reader : who.readers()) {
            org.mdm.acl.KeyGrants.entry(reader.tag(), reader.qualifier(), reader.perms()).ifPresent(acl::add);
        }
        return acl;
    }
}
