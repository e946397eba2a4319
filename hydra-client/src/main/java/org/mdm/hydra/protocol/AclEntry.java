package org.mdm.hydra.protocol;

import java.util.Set;
import java.util.regex.Pattern;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * One grant of a key's ACL: a principal (DN, VOMS group or VO) and its rights.
 *
 * @param type   what {@code name} denotes
 * @param name   the DN, group path or VO name
 * @param rights the rights granted (at least one)
 */
public record AclEntry(PrincipalType type, String name, Set<Right> rights) {

    /** Longest principal name accepted (DNs are the long ones). */
    public static final int MAX_NAME_LENGTH = 1024;
    private static final Pattern VO_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /** Copies the rights; null checks only ({@link #validate()} checks the content). */
    public AclEntry {
        rights = rights == null ? null : Set.copyOf(rights);
    }

    /** A grant to a DN. */
    public static AclEntry dn(String dn, Right... rights) {
        return new AclEntry(PrincipalType.DN, dn, Set.of(rights));
    }

    /** A grant to a VOMS group path. */
    public static AclEntry group(String group, Right... rights) {
        return new AclEntry(PrincipalType.GROUP, group, Set.of(rights));
    }

    /** A grant to a VO. */
    public static AclEntry vo(String vo, Right... rights) {
        return new AclEntry(PrincipalType.VO, vo, Set.of(rights));
    }

    /**
     * Checks that the entry is complete and its name has the form its type needs.
     *
     * @throws MdmException INVALID_REQUEST naming what is wrong
     */
    public AclEntry validate() throws MdmException {
        if (type == null || name == null || rights == null || rights.isEmpty()) {
            throw invalid("an ACL entry needs a type (dn, group, vo), a name and at least one right");
        }
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw invalid("ACL name must be 1.." + MAX_NAME_LENGTH + " characters");
        }
        boolean ok = switch (type) {
            case DN -> name.startsWith("/");
            case GROUP -> name.startsWith("/") && name.length() > 1 && !name.contains("/Role=")
                    && !name.contains("/Capability=");
            case VO -> VO_NAME.matcher(name).matches();
        };
        if (!ok) {
            throw invalid("ACL " + type.name().toLowerCase() + " name '" + name + "' is malformed: a dn is /C=../CN=..,"
                    + " a group is a path like /biomed/lab (no Role), a vo is a bare name like biomed");
        }
        return this;
    }

    private static MdmException invalid(String message) {
        return new MdmException(Status.INVALID_REQUEST, message);
    }
}
