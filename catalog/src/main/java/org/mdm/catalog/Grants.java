package org.mdm.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * One grant or revocation in the catalogue, inside the caller's transaction: the ACL of a
 * name-space entry and of everything below it, the traverse right the grantees need on the
 * directories above it, and the metadata entries of the images, series and studies (not their
 * protected attributes, which are granted one by one). The file catalogue keeps
 * no ACL copy of its own: a logical name is judged by its name-space entry (same GUID), so it
 * cannot drift from it. The key servers are the caller's to change ({@link Change#files} says
 * what to send them), before the transaction commits.
 */
public final class Grants {
    private final NameSpace ns = new NameSpace();
    private final MetadataCatalogue metadata = new MetadataCatalogue();
    private final NsPath base;
    private final DirectoryEntries directoryEntries;

    /** Grants below {@code base} (register.path); the directories from {@code base} up are the site's. */
    public Grants(NsPath base) {
        this.base = base;
        this.directoryEntries = new DirectoryEntries(base);
    }

    /** One image whose ACL changed: what the key servers must now be told, and what they held. */
    public record FileChange(NsPath path, String guid, String ownerDn, List<AclEntry> acl, List<AclEntry> before) {
    }

    /**
     * What a grant changed.
     *
     * @param files       the images, with their new ACLs
     * @param directories the directories whose ACL changed (under the target, and above it for traverse)
     * @param logicalNames the logical names of the images (judged by the name space's ACL)
     * @param metadata    the metadata entries and attributes whose ACL changed
     * @param warnings    what the grant could not do, for the caller to read
     */
    public record Change(List<FileChange> files, int directories, int logicalNames, int metadata,
            List<String> warnings) {
    }

    /** What getfacl shows: the owner, the owning group (none for metadata) and the ACL in force. */
    public record Held(String ownerDn, String group, List<AclEntry> acl) {
    }

    /** The ACL in force on {@code target}, for {@code mdm acl get}; the caller must be able to see it. */
    public List<AclEntry> get(Connection c, AclTarget target, GridPrincipal caller) throws SQLException, MdmException {
        return held(c, target, caller).acl();
    }

    /** The owner, group and ACL of {@code target}; the caller must be able to see it. */
    public Held held(Connection c, AclTarget target, GridPrincipal caller) throws SQLException, MdmException {
        if (target instanceof AclTarget.Attribute a) {
            return visibleMetadata(c, a, caller);
        }
        NsEntry e = visible(c, (AclTarget.Entry) target, caller);
        return new Held(e.ownerDn(), e.group(), PosixAcl.effective(ns.acl(c, e.path()), e.mode()));
    }

    /** How far a change goes below a directory. */
    public enum Scope {
        /** The target and everything below it: a grant on a series reaches its images. */
        RECURSIVE,
        /** The target alone (a directory's own entries, e.g. search for a grantee of one series). */
        ENTRY
    }

    /** Merges {@code entries} into the ACL of {@code target} and, by {@code scope}, all below it (setfacl -m). */
    public Change set(Connection c, AclTarget target, List<AclEntry> entries, GridPrincipal caller, Scope scope)
            throws SQLException, MdmException {
        return apply(c, target, entries, caller, false, scope);
    }

    /** Removes the entries of these principals from {@code target} and, by {@code scope}, all below it (setfacl -x). */
    public Change remove(Connection c, AclTarget target, List<AclEntry> principals, GridPrincipal caller, Scope scope)
            throws SQLException, MdmException {
        return apply(c, target, principals, caller, true, scope);
    }

    private Change apply(Connection c, AclTarget target, List<AclEntry> entries, GridPrincipal caller, boolean remove,
            Scope scope) throws SQLException, MdmException {
        if (target instanceof AclTarget.Attribute a) {
            return attribute(c, a, entries, caller, remove);
        }
        NsEntry top = visible(c, (AclTarget.Entry) target, caller);
        if (!top.path().toString().startsWith(base + "/")) {
            throw new MdmException(Status.AUTHORIZATION_FAILURE, top.path() + " is the site's directory, not a study,"
                    + " series or image; grant below " + base + ".");
        }
        requireDirectoryForDefaults(top, (AclTarget.Entry) target, entries);
        List<NsEntry> tree = scope == Scope.RECURSIVE ? ns.subtree(c, top.path()) : List.of(top);
        requireControl(c, tree, caller);
        int changed = 0;
        List<FileChange> files = new ArrayList<>();
        int directories = 0;
        int logicalNames = 0;
        int metadataEntries = 0;
        FileCatalogue fc = new FileCatalogue();
        for (NsEntry e : tree) {
            List<AclEntry> before = PosixAcl.effective(ns.acl(c, e.path()), e.mode());
            List<AclEntry> after = remove ? PosixAcl.remove(before, entries)
                    : PosixAcl.merge(before, e.directory() ? searchable(entries) : entries, e.directory());
            if (!remove && e.directory()) { // what a default will grant below must be reachable
                after = Traverse.pass(after, Traverse.defaultPrincipals(entries));
            }
            changed += after.equals(before) ? 0 : 1;
            ns.setAcl(c, e.path(), after);
            ns.setMode(c, e.path(), PosixAcl.mode(after, e.mode()));
            if (e.directory()) {
                directories++;
                if (directoryEntries.follow(c, e.path(), after)) {
                    metadataEntries++;
                }
            } else if (e.guid() != null) {
                files.add(new FileChange(e.path(), e.guid(), e.ownerDn(), after, before));
                if (metadata.has(c, "/mdm/IMAGE", "guid:" + e.guid())) {
                    metadata.setAcl(c, "/mdm/IMAGE", "guid:" + e.guid(), MetadataCatalogue.WHOLE_ENTRY, after);
                    metadataEntries++;
                }
                logicalNames += fc.logicalNames(c, e.guid());
            }
        }
        List<String> warnings = new ArrayList<>();
        if (changed == 0) {
            String named = ((AclTarget.Entry) target).named();
            warnings.add(remove ? "Nothing to revoke on " + named + ": none of the entries named was there."
                    : "Nothing changed on " + named + ": it already had these entries.");
        }
        Traverse traverse = new Traverse(ns, base);
        if (remove) {
            traverse.withdrawWithin(c, tree, entries);
        }
        directories += traverse.ancestors(c, top.path(), entries, caller, remove, warnings);
        return new Change(files, directories, logicalNames, metadataEntries, warnings);
    }

    private static void requireDirectoryForDefaults(NsEntry top, AclTarget.Entry target, List<AclEntry> entries)
            throws MdmException {
        if (!top.directory() && entries.stream().anyMatch(AclEntry::isDefault)) {
            throw new MdmException(Status.INVALID_REQUEST, "Default (d:) entries belong to directories, which pass them"
                    + " to what is registered in them later; " + target.named() + " is an image: drop d:, or give"
                    + " it on the image's series. Nothing was changed.");
        }
    }

    /** A directory's read is of no use without search: on directories r brings x, as chmod's X does. */
    private static List<AclEntry> searchable(List<AclEntry> entries) {
        return entries.stream().map(e -> (e.perms() & AclEntry.READ) != 0 && e.tag() != AclEntry.Tag.MASK
                ? new AclEntry(e.tag(), e.qualifier(), e.perms() | AclEntry.EXECUTE, e.isDefault()) : e).toList();
    }

    private Change attribute(Connection c, AclTarget.Attribute a, List<AclEntry> entries, GridPrincipal caller,
            boolean remove) throws SQLException, MdmException {
        Held held = visibleMetadata(c, a, caller);
        String owner = held.ownerDn();
        List<AclEntry> before = held.acl();
        if ((Access.rights(owner, null, MetadataCatalogue.ENTRY_MODE, before, caller) & AclEntry.CONTROL) == 0) {
            throw new MdmException(Status.AUTHORIZATION_FAILURE, "Permission denied: " + caller.dn() + " may not change"
                    + " the ACL of " + a + "; only its owner or who holds c (control) may.");
        }
        if (entries.stream().anyMatch(AclEntry::isDefault)) {
            throw new MdmException(Status.INVALID_REQUEST, "Default (d:) entries belong to name-space directories;"
                    + " a metadata entry has no children to pass them to.");
        }
        List<AclEntry> after = remove ? PosixAcl.remove(before, entries) : PosixAcl.merge(before, entries, false);
        metadata.setAcl(c, a.dir(), a.entry(), a.attr(), after);
        List<String> warnings = new ArrayList<>();
        Set<String> protectedAttributes = metadata.protectedAttributes(c, a.dir());
        if (a.attr().isEmpty() && !remove && !protectedAttributes.isEmpty()) {
            warnings.add("The entry's protected attributes " + protectedAttributes + " (what de-identification"
                    + " erases) keep their own ACLs; grant each on its own, e.g. " + a.dir() + "/" + a.entry() + ":"
                    + protectedAttributes.iterator().next() + ".");
        }
        return new Change(List.of(), 0, 0, 1, warnings);
    }

    /**
     * The ACL of a metadata entry or attribute: its own, else the entry's (not for a protected
     * attribute), else the owner-only mode.
     */
    private List<AclEntry> metadataAcl(Connection c, AclTarget.Attribute a) throws SQLException {
        List<AclEntry> own = metadata.acl(c, a.dir(), a.entry(), a.attr());
        if (own.isEmpty() && !a.attr().isEmpty() && !metadata.protectedAttributes(c, a.dir()).contains(a.attr())) {
            own = metadata.acl(c, a.dir(), a.entry(), MetadataCatalogue.WHOLE_ENTRY);
        }
        return PosixAcl.effective(own, MetadataCatalogue.ENTRY_MODE);
    }

    /**
     * The owner and ACL of a metadata entry or attribute the caller can see (it reads one of the
     * entry's attributes, or holds control on the target). A missing entry and a hidden one are the
     * same NOT_FOUND, as in the metadata service; a missing attribute is named with the directory's.
     */
    private Held visibleMetadata(Connection c, AclTarget.Attribute a, GridPrincipal caller)
            throws SQLException, MdmException {
        MdmException missing = new MdmException(Status.NOT_FOUND, "No metadata entry " + a.dir() + "/" + a.entry() + ".");
        String owner = metadata.owner(c, a.dir(), a.entry()).orElseThrow(() -> missing);
        List<AclEntry> acl = metadataAcl(c, a);
        if (!new MetadataAccess(caller).maySee(c, a.dir(), a.entry(), owner)
                && (Access.rights(owner, null, MetadataCatalogue.ENTRY_MODE, acl, caller) & AclEntry.CONTROL) == 0) {
            throw missing;
        }
        Set<String> attributes = a.attr().isEmpty() ? Set.of() : metadata.attributes(c, a.dir()).keySet();
        if (!a.attr().isEmpty() && !attributes.contains(a.attr())) {
            throw new MdmException(Status.NOT_FOUND, "Metadata directory " + a.dir() + " has no attribute '" + a.attr()
                    + "'; it has " + attributes + ".");
        }
        return new Held(owner, null, acl);
    }

    /** The caller must hold control on every entry; else nothing changes and the first refusal is named. */
    private void requireControl(Connection c, List<NsEntry> tree, GridPrincipal caller)
            throws SQLException, MdmException {
        List<NsPath> refused = new ArrayList<>();
        for (NsEntry e : tree) {
            if ((Access.rights(e, ns.acl(c, e.path()), caller) & AclEntry.CONTROL) == 0) {
                refused.add(e.path());
            }
        }
        if (!refused.isEmpty()) {
            throw new MdmException(Status.AUTHORIZATION_FAILURE, "Permission denied: " + caller.dn() + " may not change"
                    + " the ACL of " + refused.get(0) + (refused.size() > 1 ? " and " + (refused.size() - 1)
                    + " more entries below " + tree.get(0).path() : "") + "; only the owner or who holds c (control)"
                    + " may. Nothing was changed.");
        }
    }

    /**
     * The entry, if the caller may search every directory above it; otherwise it does not exist
     * for the caller, as for a reader.
     */
    private NsEntry visible(Connection c, AclTarget.Entry target, GridPrincipal caller)
            throws SQLException, MdmException {
        NsPath path = target.path();
        MdmException missing = AclTarget.missing(target.named());
        for (NsPath dir : path.ancestors()) {
            NsEntry d = ns.stat(c, dir).filter(NsEntry::directory).orElseThrow(() -> missing);
            if ((Access.rights(d, ns.acl(c, dir), caller) & AclEntry.EXECUTE) == 0) {
                throw missing;
            }
        }
        NsEntry e = ns.stat(c, path).orElseThrow(() -> missing);
        if (!e.directory() && e.status() != NsStatus.ONLINE) {
            throw missing;
        }
        return e;
    }
}
