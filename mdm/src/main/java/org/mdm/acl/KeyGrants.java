package org.mdm.acl;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.mdm.catalog.AclEntry;
import org.mdm.hydra.protocol.Right;

/**
 * What an image's name-space ACL means on the key servers, which know principals and rights but
 * not POSIX classes: the SE reads and removes (it serves and undoes registrations), the owner
 * holds every right, and each named user, group (with or without a role) or VO gets read for an
 * effective r and setacl for an effective c (after the mask). The owning group and others have
 * no counterpart on the key servers: an image open to "others" still needs a named grant to be
 * decrypted, which {@link #unreachable} says.
 */
public final class KeyGrants {
    private KeyGrants() {
    }

    /** The key ACL that stands for a file's ACL. */
    public static List<org.mdm.hydra.protocol.AclEntry> forFile(String seDn, String ownerDn, List<AclEntry> acl) {
        List<org.mdm.hydra.protocol.AclEntry> keyAcl = new ArrayList<>();
        keyAcl.add(org.mdm.hydra.protocol.AclEntry.dn(seDn, Right.READ, Right.REMOVE));
        if (!ownerDn.equals(seDn)) {
            keyAcl.add(org.mdm.hydra.protocol.AclEntry.dn(ownerDn, Right.values()));
        }
        int mask = acl.stream().filter(e -> !e.isDefault() && e.tag() == AclEntry.Tag.MASK).mapToInt(AclEntry::perms)
                .findFirst().orElse(AclEntry.ALL);
        for (AclEntry e : acl) {
            if (!e.isDefault() && !(e.tag() == AclEntry.Tag.USER && (e.qualifier().equals(seDn)
                    || e.qualifier().equals(ownerDn)))) {
                entry(e.tag(), e.qualifier(), e.perms() & mask).ifPresent(keyAcl::add);
            }
        }
        return keyAcl;
    }

    /**
     * The key-server entry for a named user or group with these rights; none for an entry that
     * grants neither r nor c, or that is not a named one.
     */
    public static Optional<org.mdm.hydra.protocol.AclEntry> entry(AclEntry.Tag tag, String qualifier, int perms) {
        Set<Right> rights = EnumSet.noneOf(Right.class);
        if ((perms & AclEntry.READ) != 0) {
            rights.add(Right.READ);
        }
        if ((perms & AclEntry.CONTROL) != 0) {
            rights.add(Right.SETACL);
        }
        if (rights.isEmpty() || (tag != AclEntry.Tag.USER && tag != AclEntry.Tag.GROUP)) {
            return Optional.empty();
        }
        Right[] granted = rights.toArray(Right[]::new);
        if (tag == AclEntry.Tag.USER) {
            return Optional.of(org.mdm.hydra.protocol.AclEntry.dn(qualifier, granted));
        }
        return Optional.of(qualifier.startsWith("/") ? org.mdm.hydra.protocol.AclEntry.group(qualifier, granted)
                : org.mdm.hydra.protocol.AclEntry.vo(qualifier, granted));
    }

    /** Whether the ACL lets a class the key servers cannot name (others, the owning group) read. */
    public static boolean unreachable(List<AclEntry> acl) {
        return acl.stream().anyMatch(e -> !e.isDefault() && (e.tag() == AclEntry.Tag.OTHER
                || e.tag() == AclEntry.Tag.GROUP_OBJ) && (e.perms() & AclEntry.READ) != 0);
    }
}
