package org.mdm.catalog;

import java.util.Objects;

/**
 * One POSIX 1003.1e (draft 17) ACL entry, as DPNS and LFC keep them: {@code u::}, {@code u:<DN>:},
 * {@code g::}, {@code g:<group>:}, {@code m::}, {@code o::}, each also as a {@code d:} default
 * that new children inherit. A group is a VOMS group ({@code /biomed/lab}) or a VO ({@code biomed}).
 *
 * @param qualifier the DN or group for USER and GROUP entries, null otherwise
 * @param perms     rwx bits ({@link #READ}, {@link #WRITE}, {@link #EXECUTE}), and {@link #CONTROL}:
 *                  the right to change the entry's ACL, which POSIX keeps for the owner and MDM
 *                  lets the owner hand on (the key servers' setacl right)
 */
public record AclEntry(Tag tag, String qualifier, int perms, boolean isDefault) {
    public static final int READ = 4;
    public static final int WRITE = 2;
    public static final int EXECUTE = 1;
    public static final int CONTROL = 8;
    /** Every right. */
    public static final int ALL = READ | WRITE | EXECUTE | CONTROL;

    /** The kind of entry. */
    public enum Tag { USER_OBJ, USER, GROUP_OBJ, GROUP, MASK, OTHER }

    public AclEntry {
        Objects.requireNonNull(tag, "tag");
        if ((tag == Tag.USER || tag == Tag.GROUP) != (qualifier != null && !qualifier.isBlank())) {
            throw new IllegalArgumentException(tag + " entries " + (qualifier == null ? "need" : "take no")
                    + " qualifier");
        }
        if (perms < 0 || perms > ALL) {
            throw new IllegalArgumentException("perms are rwxc bits (0-15)");
        }
    }
}
