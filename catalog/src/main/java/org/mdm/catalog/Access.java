package org.mdm.catalog;

import java.util.List;
import java.util.Objects;
import org.mdm.api.GridPrincipal;

/**
 * MDM's one access evaluator: the rights a caller has on a name-space entry or a metadata entry,
 * by POSIX 1003.1e rules as DPNS applies them. The owner gets the owner's bits; else a named
 * user entry, else the matching group entries (owning group included), limited by the mask;
 * else the others' bits. Without ACL entries the mode bits decide. The GridFTP and SRM doors,
 * the file catalogue, the metadata service and {@code mdm acl} all ask here.
 *
 * <p>A group entry names a VOMS group ({@code /biomed/lab}: any FQAN in it or below it), a group
 * with a role ({@code /biomed/lab/Role=doctor}: an FQAN of exactly that group and role) or a
 * whole VO ({@code biomed}).
 */
public final class Access {

    private Access() {
    }

    /** The rights (rwx and control bits) {@code caller} has on {@code entry}. */
    public static int rights(NsEntry entry, List<AclEntry> acl, GridPrincipal caller) {
        return rights(entry.ownerDn(), entry.group(), entry.mode(), acl, caller);
    }

    /**
     * The rights of {@code caller} on an object with this owner, owning group, mode and ACL. The
     * owner holds control always: POSIX lets only the owner change an ACL.
     */
    public static int rights(String ownerDn, String group, int mode, List<AclEntry> acl, GridPrincipal caller) {
        if (caller.dn().equals(ownerDn)) {
            return find(acl, AclEntry.Tag.USER_OBJ, (mode >> 6) & 7) | AclEntry.CONTROL;
        }
        int mask = find(acl, AclEntry.Tag.MASK, AclEntry.ALL);
        for (AclEntry e : acl) {
            if (!e.isDefault() && e.tag() == AclEntry.Tag.USER && e.qualifier().equals(caller.dn())) {
                return e.perms() & mask;
            }
        }
        boolean matched = false;
        int groupRights = 0;
        if (inGroup(caller, group)) {
            matched = true;
            groupRights |= find(acl, AclEntry.Tag.GROUP_OBJ, (mode >> 3) & 7);
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
        return find(acl, AclEntry.Tag.OTHER, mode & 7);
    }

    /**
     * Whether the caller belongs to {@code group}: a VOMS group path (one of the caller's FQANs
     * lies in it or below it), a group with a role (an FQAN of that group holds that role), or a
     * VO name (a group path without its slash).
     */
    public static boolean inGroup(GridPrincipal caller, String group) {
        if (group == null || group.isBlank()) {
            return false;
        }
        String path = group.startsWith("/") ? group : "/" + group;
        int role = path.indexOf("/Role=");
        String wantedRole = role < 0 ? null : path.substring(role + "/Role=".length());
        String wantedGroup = role < 0 ? path : path.substring(0, role);
        for (String fqan : caller.fqans()) {
            String groupPart = groupOf(fqan);
            if (wantedRole != null) {
                if (groupPart.equals(wantedGroup) && wantedRole.equals(roleOf(fqan))) {
                    return true;
                }
            } else if (groupPart.equals(wantedGroup) || groupPart.startsWith(wantedGroup + "/")) {
                return true;
            }
        }
        return false;
    }

    /** "/biomed/lab/Role=doctor/Capability=NULL" gives "/biomed/lab". */
    private static String groupOf(String fqan) {
        return fqan.replaceFirst("/Role=.*$", "").replaceFirst("/Capability=.*$", "");
    }

    /** The role of an FQAN, null for none ({@code Role=NULL} is none). */
    private static String roleOf(String fqan) {
        int at = fqan.indexOf("/Role=");
        if (at < 0) {
            return null;
        }
        String role = fqan.substring(at + "/Role=".length()).replaceFirst("/Capability=.*$", "");
        return role.isEmpty() || role.equals("NULL") ? null : role;
    }

    private static int find(List<AclEntry> acl, AclEntry.Tag tag, int fallback) {
        for (AclEntry e : acl) {
            if (!e.isDefault() && e.tag() == tag && Objects.isNull(e.qualifier())) {
                return e.perms();
            }
        }
        return fallback;
    }
}
