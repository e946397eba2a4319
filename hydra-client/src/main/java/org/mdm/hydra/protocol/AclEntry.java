package org.mdm.hydra.protocol;

import java.util.Set;
import java.util.regex.Pattern;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * One grant of a key's ACL: a principal (DN, VOMS group with or without a role, or VO) and its
 * rights.
 *
 * @param type   what {@code name} denotes
 * @param name   the DN, group path ({@code /biomed/lab}, or {@code /biomed/lab/Role=doctor} for
 *               the holders of that role in that group) or VO name
 * @param rights the rights granted (at least one)
 */
public record AclEntry(PrincipalType type, String name, Set<Right> rights) {

    /** Longest principal name accepted (DNs are the long ones). */
    public static final int MAX_NAME_LENGTH = 1024;
    /** Most entries in one key's ACL. */
    public static final int MAX_ENTRIES = 256;
    /** What introduces the role of a group entry: {@code /biomed/lab/Role=doctor}. */
    public static final String ROLE = "/Role=";
    private static final Pattern VO_NAME = Pattern.compile("[A-Za-z0-9._-]+");
    /** A VOMS role name: what VOMS admin accepts, and never "/" or "=" (which would shift the FQAN's parts). */
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    /** Copies the rights; null checks only ({@link #validate()} checks the content). */
    public AclEntry {
        rights = rights == null ? null : Set.copyOf(rights);
    }

    /** A grant to a DN. */
    public static AclEntry dn(String dn, Right... rights) {
        return new AclEntry(PrincipalType.DN, dn, Set.of(rights));
    }

    /** A grant to a VOMS group path, or to the holders of a role in it ({@code /biomed/lab/Role=doctor}). */
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
            case GROUP -> validGroup(name);
            case VO -> VO_NAME.matcher(name).matches();
        };
        if (!ok) {
            throw invalid("ACL " + type.name().toLowerCase() + " name '" + name + "' is malformed: a dn is /C=../CN=..,"
                    + " a group is a path like /biomed/lab, optionally with one role last (/biomed/lab/Role=doctor;"
                    + " no Capability, and Role=NULL is the group alone: write /biomed/lab), a vo is a bare name"
                    + " like biomed");
        }
        return this;
    }

    /** The group path of a group entry: its name without the role. */
    public String groupPath() {
        int role = name.lastIndexOf(ROLE);
        return role < 0 ? name : name.substring(0, role);
    }

    /** The role of a group entry ({@code doctor} for {@code /biomed/lab/Role=doctor}), or null. */
    public String role() {
        int role = name.lastIndexOf(ROLE);
        return role < 0 ? null : name.substring(role + ROLE.length());
    }

    private static boolean validGroup(String name) {
        if (name.contains("/Capability=")) {
            return false;
        }
        int role = name.lastIndexOf(ROLE);
        String path = role < 0 ? name : name.substring(0, role);
        if (!path.startsWith("/") || path.length() < 2 || path.contains(ROLE)) {
            return false;
        }
        if (role < 0) {
            return true;
        }
        String roleName = name.substring(role + ROLE.length());
        // Role=NULL is VOMS for "no role": as an entry it would read as a role, so the plain group is asked for.
        return ROLE_NAME.matcher(roleName).matches() && !"NULL".equals(roleName);
    }

    private static MdmException invalid(String message) {
        return new MdmException(Status.INVALID_REQUEST, message);
    }
}
