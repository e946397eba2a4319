package org.mdm.se;

import java.util.ArrayList;
import java.util.List;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Who may use the storage element at all, the site's gate in front of the catalogue's ACLs (a
 * caller must pass both; the gate alone decides for template mounts): an allow-list of entries
 * {@code dn:<DN>} (the end-entity subject, exactly), {@code fqan:<FQAN>} (a VOMS group or
 * group/role the caller holds, e.g. {@code /biomed/lab} or {@code /biomed/Role=NULL}) and
 * {@code vo:<VO>} (any FQAN of that VO). An empty list allows nobody.
 */
public final class AccessList {
    private enum Kind { DN, FQAN, VO }

    private record Entry(Kind kind, String value) {
        boolean allows(GridPrincipal p) {
            return switch (kind) {
                case DN -> p.dn().equals(value);
                case FQAN -> p.fqans().stream().anyMatch(f -> f.equals(value) || f.startsWith(value + "/Role="));
                case VO -> p.fqans().stream().anyMatch(f -> f.equals("/" + value) || f.startsWith("/" + value + "/"));
            };
        }
    }

    private final List<Entry> entries;

    private AccessList(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses the entries, one per list element.
     *
     * @throws MdmException CONFIGURATION_ERROR naming a malformed entry
     */
    public static AccessList of(List<String> specs) throws MdmException {
        List<Entry> entries = new ArrayList<>();
        for (String raw : specs) {
            String spec = raw.trim();
            int colon = spec.indexOf(':');
            String type = colon < 0 ? "" : spec.substring(0, colon);
            String value = colon < 0 ? "" : spec.substring(colon + 1);
            Kind kind = switch (type) {
                case "dn" -> Kind.DN;
                case "fqan" -> Kind.FQAN;
                case "vo" -> Kind.VO;
                default -> null;
            };
            boolean wellFormed = kind != null && !value.isEmpty()
                    && (kind == Kind.VO ? !value.contains("/") : value.startsWith("/"));
            if (!wellFormed) {
                throw new MdmException(Status.CONFIGURATION_ERROR, "Access list entry '" + spec + "' must be"
                        + " dn:/C=../CN=.., fqan:/<vo>[/<group>][/Role=<role>] or vo:<vo>.");
            }
            entries.add(new Entry(kind, value));
        }
        return new AccessList(entries);
    }

    /**
     * Checks that {@code caller} may read {@code path}.
     *
     * @throws MdmException AUTHORIZATION_FAILURE naming the caller's DN (never patient data)
     */
    public void check(GridPrincipal caller, String path) throws MdmException {
        for (Entry e : entries) {
            if (e.allows(caller)) {
                return;
            }
        }
        throw new MdmException(Status.AUTHORIZATION_FAILURE, "Permission denied: " + caller.dn()
                + (caller.fqans().isEmpty() ? "" : " " + caller.fqans()) + " may not read " + path
                + " on this storage element; ask its administrator to add you to se.access.");
    }
}
