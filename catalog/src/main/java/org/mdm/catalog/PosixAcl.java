package org.mdm.catalog;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An entry's ACL changed as setfacl -m and -x change it: entries replace those of the same
 * principal or are added; the mask is recomputed as the union of the group class unless one is
 * given; default entries get their owner, group and other entries from the access ACL when
 * missing; and the mode's bits follow the ACL (owner, mask or group, other), so that a listing
 * shows what the ACL allows. Pure functions on lists; {@link Grants} applies them to the catalogue.
 */
public final class PosixAcl {
    private static final Comparator<AclEntry> ORDER = Comparator.comparing(AclEntry::isDefault)
            .thenComparing(AclEntry::tag).thenComparing(e -> Objects.toString(e.qualifier(), ""));

    private PosixAcl() {
    }

    /** The ACL in force: the stored one, or the three entries the mode stands for. */
    public static List<AclEntry> effective(List<AclEntry> stored, int mode) {
        if (stored.stream().anyMatch(e -> !e.isDefault() && e.tag() == AclEntry.Tag.USER_OBJ)) {
            return stored;
        }
        List<AclEntry> acl = new ArrayList<>(stored);
        acl.add(new AclEntry(AclEntry.Tag.USER_OBJ, null, (mode >> 6) & 7, false));
        acl.add(new AclEntry(AclEntry.Tag.GROUP_OBJ, null, (mode >> 3) & 7, false));
        acl.add(new AclEntry(AclEntry.Tag.OTHER, null, mode & 7, false));
        return sorted(acl);
    }

    /**
     * {@code current} with {@code changes} merged in. On a file, default entries are left out (a
     * file has no children to pass them to).
     */
    public static List<AclEntry> merge(List<AclEntry> current, List<AclEntry> changes, boolean directory) {
        List<AclEntry> acl = new ArrayList<>(current);
        boolean maskGiven = false;
        boolean defaultMaskGiven = false;
        for (AclEntry change : changes) {
            if (change.isDefault() && !directory) {
                continue;
            }
            acl.removeIf(e -> samePrincipal(e, change));
            acl.add(change);
            if (change.tag() == AclEntry.Tag.MASK) {
                maskGiven |= !change.isDefault();
                defaultMaskGiven |= change.isDefault();
            }
        }
        return complete(acl, maskGiven, defaultMaskGiven);
    }

    /**
     * {@code current} without the entries of these principals (setfacl -x); a principal given
     * as an access entry loses its default entry too, unless {@code d:} says only the default.
     */
    public static List<AclEntry> remove(List<AclEntry> current, List<AclEntry> principals) {
        List<AclEntry> acl = new ArrayList<>(current);
        for (AclEntry p : principals) {
            acl.removeIf(e -> e.tag() == p.tag() && Objects.equals(e.qualifier(), p.qualifier())
                    && (!p.isDefault() || e.isDefault()) && isNamed(e));
        }
        return complete(acl, false, false);
    }

    /** The mode bits that show {@code acl}: owner, mask (or group without one), other. */
    public static int mode(List<AclEntry> acl, int oldMode) {
        int owner = perms(acl, AclEntry.Tag.USER_OBJ, false, (oldMode >> 6) & 7);
        int group = perms(acl, AclEntry.Tag.MASK, false, perms(acl, AclEntry.Tag.GROUP_OBJ, false, (oldMode >> 3) & 7));
        int other = perms(acl, AclEntry.Tag.OTHER, false, oldMode & 7);
        return (oldMode & ~0777) | ((owner & 7) << 6) | ((group & 7) << 3) | (other & 7);
    }

    /** Whether two entries are for the same principal (same tag, qualifier and kind). */
    public static boolean samePrincipal(AclEntry a, AclEntry b) {
        return a.tag() == b.tag() && a.isDefault() == b.isDefault() && Objects.equals(a.qualifier(), b.qualifier());
    }

    /** The default entries of an ACL, as the access entries a new child gets. */
    public static List<AclEntry> inherited(List<AclEntry> parentAcl) {
        return parentAcl.stream().filter(AclEntry::isDefault)
                .map(e -> new AclEntry(e.tag(), e.qualifier(), e.perms(), false)).toList();
    }

    private static boolean isNamed(AclEntry e) {
        return e.tag() == AclEntry.Tag.USER || e.tag() == AclEntry.Tag.GROUP;
    }

    /** Recomputes the masks not given and fills in the default owner, group and other entries. */
    private static List<AclEntry> complete(List<AclEntry> acl, boolean maskGiven, boolean defaultMaskGiven) {
        for (boolean dflt : new boolean[] {false, true}) {
            boolean given = dflt ? defaultMaskGiven : maskGiven;
            boolean named = acl.stream().anyMatch(e -> e.isDefault() == dflt && isNamed(e));
            boolean any = acl.stream().anyMatch(e -> e.isDefault() == dflt);
            if (dflt && any) {
                for (AclEntry.Tag tag : new AclEntry.Tag[] {AclEntry.Tag.USER_OBJ, AclEntry.Tag.GROUP_OBJ,
                        AclEntry.Tag.OTHER}) {
                    if (acl.stream().noneMatch(e -> e.isDefault() && e.tag() == tag)) {
                        acl.add(new AclEntry(tag, null, perms(acl, tag, false, 0), true));
                    }
                }
            }
            if (!given) {
                acl.removeIf(e -> e.isDefault() == dflt && e.tag() == AclEntry.Tag.MASK);
                if (named) {
                    int union = 0;
                    for (AclEntry e : acl) {
                        if (e.isDefault() == dflt && (isNamed(e) || e.tag() == AclEntry.Tag.GROUP_OBJ)) {
                            union |= e.perms();
                        }
                    }
                    acl.add(new AclEntry(AclEntry.Tag.MASK, null, union, dflt));
                }
            }
        }
        return sorted(acl);
    }

    private static int perms(List<AclEntry> acl, AclEntry.Tag tag, boolean dflt, int fallback) {
        return acl.stream().filter(e -> e.tag() == tag && e.isDefault() == dflt && e.qualifier() == null)
                .mapToInt(AclEntry::perms).findFirst().orElse(fallback);
    }

    private static List<AclEntry> sorted(List<AclEntry> acl) {
        List<AclEntry> copy = new ArrayList<>(acl);
        copy.sort(ORDER);
        return copy;
    }
}
