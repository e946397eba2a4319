package org.mdm.catalog;

import java.util.List;
import org.mdm.api.GridPrincipal;

/**
 * The rights a caller has on a name-space entry, by POSIX 1003.1e rules: the owner gets the
 * owner's bits; a named user entry, else the matching group entries (owning group included),
 * limited by the mask; else the others' bits. Without ACL entries the mode bits decide.
 */
final class Access {

    private Access() {
    }

    /** The rwx bits {@code caller} has on {@code entry}. */
    static int rights(NsEntry entry, List<AclEntry> acl, GridPrincipal caller) {
        int mode = entry.mode();
        if (caller.dn().equals(entry.ownerDn())) {
            return find(acl, AclEntry.Tag.USER_OBJ, null, (mode >> 6) & 7);
        }
        int mask = find(acl, AclEntry.Tag.MASK, null, 7);
        for (AclEntry e : acl) {
            if (!e.isDefault() && e.tag() == AclEntry.Tag.USER && e.qualifier().equals(caller.dn())) {
                return e.perms() & mask;
            }
        }
        boolean matched = false;
        int groupRights = 0;
        if (inGroup(caller, entry.group())) {
            matched = true;
            groupRights |= find(acl, AclEntry.Tag.GROUP_OBJ, null, (mode >> 3) & 7);
        }
        for (AclEntry e : acl) {
            if (!e.isDefault() && e.tag() == AclEntry.Tag.GROUP && inGroup(caller, e.qualifier())) {
                matched = true;
                groupRights |= e.perms();
            }
        }
        if (matched) {
            return groupRights & mask;
        }
        return find(acl, AclEntry.Tag.OTHER, null, mode & 7);
    }

    /** Whether one of the caller's FQANs lies in {@code group} (a VOMS group path, or a VO name). */
    static boolean inGroup(GridPrincipal caller, String group) {
        if (group == null || group.isBlank()) {
            return false;
        }
        String path = group.startsWith("/") ? group : "/" + group;
        for (String fqan : caller.fqans()) {
            String groupPart = fqan.replaceFirst("/Role=.*$", "").replaceFirst("/Capability=.*$", "");
            if (groupPart.equals(path) || groupPart.startsWith(path + "/")) {
                return true;
            }
        }
        return false;
    }

    private static int find(List<AclEntry> acl, AclEntry.Tag tag, String qualifier, int fallback) {
        for (AclEntry e : acl) {
            if (!e.isDefault() && e.tag() == tag && java.util.Objects.equals(e.qualifier(), qualifier)) {
                return e.perms();
            }
        }
        return fallback;
    }
}
