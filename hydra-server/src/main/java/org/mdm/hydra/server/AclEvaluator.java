package org.mdm.hydra.server;

import java.util.List;
import org.mdm.api.GridPrincipal;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.Right;

/**
 * Decides whether a caller holds a right on a share: the owner holds every right; otherwise an
 * entry must name the caller (exact DN), one of its groups (the group part of an FQAN, whatever
 * its role), one of its group-and-role pairs ({@code /biomed/lab/Role=doctor}: an FQAN with
 * exactly that group and that role; {@code Role=NULL} is no role) or its VO (the first element of
 * any FQAN) and grant the right. Capability is ignored (deprecated in VOMS).
 */
final class AclEvaluator {

    private AclEvaluator() {
    }

    static boolean allows(StoredShare share, GridPrincipal caller, Right right) {
        return allows(share.owner(), share.acl(), caller, right);
    }

    /** The same on a key's owner and ACL alone. */
    static boolean allows(String owner, List<AclEntry> acl, GridPrincipal caller, Right right) {
        if (owner.equals(caller.dn())) {
            return true;
        }
        for (AclEntry e : acl) {
            if (e.rights().contains(right) && matches(e, caller)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(AclEntry e, GridPrincipal caller) {
        return switch (e.type()) {
            case DN -> e.name().equals(caller.dn());
            case GROUP -> e.role() == null ? groups(caller.fqans()).contains(e.name())
                    : caller.fqans().stream().anyMatch(f -> e.groupPath().equals(group(f)) && e.role().equals(role(f)));
            case VO -> caller.fqans().stream().anyMatch(f -> e.name().equals(vo(f)));
        };
    }

    /** The group paths of FQANs: "/biomed/lab/Role=x/Capability=y" gives "/biomed/lab". */
    static List<String> groups(List<String> fqans) {
        return fqans.stream().map(AclEvaluator::group).toList();
    }

    static String group(String fqan) {
        StringBuilder path = new StringBuilder();
        for (String part : fqan.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.startsWith("Role=") || part.startsWith("Capability=")) {
                break;
            }
            path.append('/').append(part);
        }
        return path.toString();
    }

    /** The role of an FQAN: "/biomed/lab/Role=doctor/Capability=NULL" gives "doctor"; none or Role=NULL gives null. */
    static String role(String fqan) {
        for (String part : fqan.split("/")) {
            if (part.startsWith("Role=")) {
                String role = part.substring("Role=".length());
                return role.isEmpty() || "NULL".equals(role) ? null : role;
            }
        }
        return null;
    }

    static String vo(String fqan) {
        String g = group(fqan);
        int end = g.indexOf('/', 1);
        return g.isEmpty() ? "" : end < 0 ? g.substring(1) : g.substring(1, end);
    }
}
