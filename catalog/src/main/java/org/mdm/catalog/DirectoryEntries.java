package org.mdm.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mdm.api.MdmException;

/**
 * The metadata entries of the name space's study and series directories: {@code /mdm/STUDY/<Study>}
 * for {@code <base>/<Study>} and {@code /mdm/SERIES/<Series>} for {@code <base>/<Study>/<Series>},
 * named by the same de-identified UIDs. Such an entry is read by whom the directory names with
 * read (users, groups, VOs), so a grant on a study or a series reaches it as it reaches the
 * directory; the directory's owning group and others do not read it, as they read no metadata.
 */
public final class DirectoryEntries {
    public static final String STUDY = "/mdm/STUDY";
    public static final String SERIES = "/mdm/SERIES";

    private final MetadataCatalogue metadata = new MetadataCatalogue();
    private final NameSpace ns = new NameSpace();
    private final NsPath base;

    /** The study directories are the children of {@code base} (register.path). */
    public DirectoryEntries(NsPath base) {
        this.base = base;
    }

    /** A metadata entry, by directory and name. */
    public record Ref(String dir, String name) {
    }

    /** The entry of a name-space directory; empty for one that is neither a study nor a series. */
    public Optional<Ref> of(NsPath directory) {
        List<String> below = below(directory);
        return switch (below.size()) {
            case 1 -> Optional.of(new Ref(STUDY, below.get(0)));
            case 2 -> Optional.of(new Ref(SERIES, below.get(1)));
            default -> Optional.empty();
        };
    }

    /**
     * Adds the entry of {@code directory} unless it exists, readable as the directory's ACL says
     * (the directory must exist); true when it was added.
     */
    public boolean add(Connection c, NsPath directory, String ownerDn, Map<String, String> values)
            throws SQLException, MdmException {
        Optional<Ref> ref = of(directory);
        if (ref.isEmpty() || metadata.has(c, ref.get().dir(), ref.get().name())) {
            return false;
        }
        NsEntry d = ns.stat(c, directory).orElseThrow();
        metadata.addEntry(c, ref.get().dir(), ref.get().name(), ownerDn, values);
        metadata.setAcl(c, ref.get().dir(), ref.get().name(), MetadataCatalogue.WHOLE_ENTRY,
                following(PosixAcl.effective(ns.acl(c, directory), d.mode())));
        return true;
    }

    /** Gives the entry of {@code directory}, if it has one, the directory's new ACL; true when it had one. */
    public boolean follow(Connection c, NsPath directory, List<AclEntry> directoryAcl) throws SQLException {
        Optional<Ref> ref = of(directory);
        if (ref.isEmpty() || !metadata.has(c, ref.get().dir(), ref.get().name())) {
            return false;
        }
        metadata.setAcl(c, ref.get().dir(), ref.get().name(), MetadataCatalogue.WHOLE_ENTRY, following(directoryAcl));
        return true;
    }

    /** Removes the entry of a directory that is being removed. */
    public void remove(Connection c, NsPath directory) throws SQLException {
        Optional<Ref> ref = of(directory);
        if (ref.isPresent()) {
            metadata.remove(c, ref.get().dir(), ref.get().name());
        }
    }

    /** The directory's named entries and mask; the owning group and others get nothing; no defaults. */
    static List<AclEntry> following(List<AclEntry> directoryAcl) {
        return directoryAcl.stream().filter(e -> !e.isDefault()).map(e -> switch (e.tag()) {
            case GROUP_OBJ, OTHER -> new AclEntry(e.tag(), null, 0, false);
            default -> e;
        }).toList();
    }

    private List<String> below(NsPath directory) {
        List<String> dir = directory.segments();
        List<String> top = base.segments();
        if (dir.size() <= top.size() || !dir.subList(0, top.size()).equals(top)) {
            return List.of();
        }
        return dir.subList(top.size(), dir.size());
    }
}
