package org.mdm.register;

import java.util.List;
import java.util.Objects;
import org.mdm.catalog.AclEntry;

/**
 * Who registers an image, and who else may read it from the start: the caller of
 * {@code mdm register} (its proxy's DN), or the owner configured for a pushing AE title.
 *
 * @param ownerDn the owner of the name-space entries, metadata entries and key
 * @param group   the group of the name-space entries
 * @param readers USER or GROUP entries granted rights besides the owner and the SE (a VO when the
 *                qualifier has no slash, a VOMS group otherwise): the readers configured for a
 *                pushing AE title, and what the image's directory passes on by default (d:)
 */
public record Registrant(String ownerDn, String group, List<AclEntry> readers) {
    public Registrant {
        Objects.requireNonNull(ownerDn, "ownerDn");
        Objects.requireNonNull(group, "group");
        readers = List.copyOf(readers);
        for (AclEntry e : readers) {
            if (e.tag() != AclEntry.Tag.USER && e.tag() != AclEntry.Tag.GROUP) {
                throw new IllegalArgumentException("readers are named users or groups, not " + e.tag());
            }
        }
    }

    /**
     * This registrant with the named entries a directory's defaults pass to a new image added
     * (they replace a configured reader of the same principal).
     */
    public Registrant inheriting(List<AclEntry> inherited) {
        if (inherited.isEmpty()) {
            return this;
        }
        List<AclEntry> all = new java.util.ArrayList<>(readers);
        for (AclEntry e : inherited) {
            all.removeIf(r -> r.tag() == e.tag() && r.qualifier().equals(e.qualifier()));
            all.add(e);
        }
        return new Registrant(ownerDn, group, all);
    }

    /** A registrant with no readers besides the owner and the SE. */
    public static Registrant owner(String ownerDn, String group) {
        return new Registrant(ownerDn, group, List.of());
    }
}
