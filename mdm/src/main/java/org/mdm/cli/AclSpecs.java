package org.mdm.cli;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.hydra.protocol.AclDocument;
import org.mdm.hydra.protocol.AclEntry;
import org.mdm.hydra.protocol.PrincipalType;
import org.mdm.hydra.protocol.Right;

/**
 * ACL entries on the command line: {@code TYPE:NAME:RIGHTS}, TYPE one of dn, group, vo and
 * RIGHTS a comma-separated list of read, write, remove, setacl. The name is everything between
 * the first and the last colon, so DNs holding colons still parse.
 */
final class AclSpecs {
    /** How the syntax is shown in help and errors. */
    static final String SYNTAX = "TYPE:NAME:RIGHTS with TYPE dn|group|vo and RIGHTS a comma-separated list of "
            + "read,write,remove,setacl (e.g. vo:biomed:read or dn:/C=FR/O=X/CN=Ann:read,setacl)";

    private AclSpecs() {
    }

    /** Parses and validates every spec. */
    static List<AclEntry> parse(List<String> specs) throws MdmException {
        List<AclEntry> entries = new ArrayList<>();
        for (String spec : specs) {
            entries.add(parse(spec));
        }
        return entries;
    }

    static AclEntry parse(String spec) throws MdmException {
        int first = spec.indexOf(':');
        int last = spec.lastIndexOf(':');
        if (first < 0 || last == first) {
            throw invalid(spec, "it lacks a colon");
        }
        PrincipalType type;
        try {
            type = PrincipalType.valueOf(spec.substring(0, first).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(spec, "unknown type '" + spec.substring(0, first) + "'");
        }
        Set<Right> rights = EnumSet.noneOf(Right.class);
        for (String r : spec.substring(last + 1).split(",")) {
            try {
                rights.add(Right.valueOf(r.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw invalid(spec, "unknown right '" + r.trim() + "'");
            }
        }
        return new AclEntry(type, spec.substring(first + 1, last), rights).validate();
    }

    /** The entry in the syntax it is parsed from, rights in a stable order. */
    static String format(AclEntry e) {
        List<String> rights = EnumSet.copyOf(e.rights()).stream().map(r -> r.name().toLowerCase(Locale.ROOT)).toList();
        return e.type().name().toLowerCase(Locale.ROOT) + ":" + e.name() + ":" + String.join(",", rights);
    }

    /** One server's ACL as lines: the owner, then one line per entry. */
    static List<String> format(AclDocument doc) {
        List<String> lines = new ArrayList<>();
        lines.add("owner " + doc.owner());
        doc.acl().forEach(e -> lines.add(format(e)));
        return lines;
    }

    private static MdmException invalid(String spec, String why) {
        return new MdmException(Status.INVALID_REQUEST, "Bad ACL entry '" + spec + "': " + why + ". Expected " + SYNTAX
                + ".");
    }
}
