package org.mdm.hydra.server;

import java.util.List;
import org.mdm.api.GridPrincipal;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.Right;

/**
 * Decides whether a caller holds a right on a share: the owner holds every right; otherwise an
 * entry must name the caller (exact DN), one of its groups (an FQAN without Role/Capability) or
 * its VO (the first element of any FQAN) and grant the right.
 */
final class AclEvaluator {

    private AclEvaluator() {
    }

    static boolean allows(StoredShare share, GridPrincipal caller, Right right) {
        if (share.owner().equals(caller.dn())) {
            return true;
        }
        for (AclEntry e : share.acl()) {
            if (e.rights().contains(right) && matches(e, caller)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(AclEntry e, GridPrincipal caller) {
        return switch (e.type()) {
            case DN -> e.name().equals(caller.dn());
            case GROUP -> groups(caller.fqans()).contains(e.name());
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

    static String vo(String fqan) {
        String g = group(fqan);
        int end = g.indexOf('/', 1);
        return g.isEmpty() ? "" : end < 0 ? g.substring(1) : g.substring(1, end);
    }
}
