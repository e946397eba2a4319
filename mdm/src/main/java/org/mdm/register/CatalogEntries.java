package org.mdm.register;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.catalog.AclEntry;
import org.mdm.catalog.DirectoryEntries;
import org.mdm.catalog.FileCatalogue;
import org.mdm.catalog.Inheritance;
import org.mdm.catalog.MetadataCatalogue;
import org.mdm.catalog.NameSpace;
import org.mdm.catalog.NewFile;
import org.mdm.catalog.NsEntry;
import org.mdm.catalog.NsPath;
import org.mdm.catalog.NsStatus;
import org.mdm.catalog.PosixAcl;
import org.mdm.catalog.SourceDigests;
import org.mdm.dicom.register.ImageFacts;

/**
 * An image's rows in the three catalogues, written or removed together inside the caller's
 * transaction: the name-space file (and its study and series directories), the file-catalogue
 * GUID with its logical name and replica, the PATIENT, STUDY and SERIES entries when new and the
 * IMAGE entry.
 */
final class CatalogEntries {
    /** What registration recorded for one image, for the rows to be written. */
    record Image(ImageFacts facts, NsPath path, NsPath lfn, String surl, String pfn, long size, String adler32,
            String sourceDigest) {
    }

    private final NameSpace ns = new NameSpace();
    private final FileCatalogue files = new FileCatalogue();
    private final MetadataCatalogue metadata = new MetadataCatalogue();
    private final SourceDigests digests = new SourceDigests();
    private final Inheritance inheritance = new Inheritance();
    private final String seDn;
    private final NsPath base;
    private final DirectoryEntries directoryEntries;

    CatalogEntries(String seDn, NsPath base) {
        this.seDn = seDn;
        this.base = base;
        this.directoryEntries = new DirectoryEntries(base);
    }

    /** Writes every row of a newly registered image; the caller commits. */
    void record(Connection c, Image image, Registrant who) throws SQLException, MdmException {
        String guid = UUID.randomUUID().toString();
        String owner = who.ownerDn();
        // The tree down to register.path is the site's (the SE's DN), searchable by all, as a DPM's
        // /dpm/<domain>/home/<vo> is; the study and series directories are the registrant's.
        ns.mkdirs(c, base, seDn, who.group(), 0755);
        List<NsPath> created = new ArrayList<>();
        for (NsPath dir = image.path().parent(); !dir.equals(base) && ns.stat(c, dir).isEmpty(); dir = dir.parent()) {
            created.add(0, dir);
        }
        ns.mkdirs(c, image.path().parent(), owner, who.group(), 0750);
        for (NsPath dir : created) { // what the parent passes on by default (d:), study then series
            inheritance.newDirectory(c, dir, inheritance.defaultsAt(c, dir.parent()));
        }
        NsPath series = image.path().parent();
        directoryEntries.add(c, series.parent(), owner, image.facts().study());
        directoryEntries.add(c, series, owner, image.facts().series());
        ns.create(c, new NewFile(image.path(), owner, who.group(), 0600, image.size(), image.adler32(), image.pfn(),
                guid));
        ns.setStatus(c, image.path(), NsStatus.ONLINE);
        List<AclEntry> acl = acl(who);
        ns.setAcl(c, image.path(), acl);
        files.register(c, image.lfn(), new FileCatalogue.Guid(guid, image.size(), image.adler32(), owner,
                Instant.now()), image.surl());
        ImageFacts f = image.facts();
        if (!metadata.has(c, "/mdm/PATIENT", f.patientKey())) {
            metadata.addEntry(c, "/mdm/PATIENT", f.patientKey(), owner, f.patient());
        }
        metadata.addEntry(c, "/mdm/IMAGE", "guid:" + guid, owner, f.image());
        // Its metadata is readable by whoever may read the image (readers, d: defaults), as a grant makes it.
        metadata.setAcl(c, "/mdm/IMAGE", "guid:" + guid, MetadataCatalogue.WHOLE_ENTRY, acl);
        digests.put(c, guid, image.sourceDigest());
    }

    /**
     * Owner read-write, the SE reads, the registrant's readers (configured, or passed on by the
     * directory's defaults) get their entries; nothing for group and others.
     */
    private List<AclEntry> acl(Registrant who) {
        List<AclEntry> acl = new ArrayList<>();
        acl.add(new AclEntry(AclEntry.Tag.USER_OBJ, null, AclEntry.READ | AclEntry.WRITE, false));
        acl.add(new AclEntry(AclEntry.Tag.USER, seDn, AclEntry.READ, false));
        acl.add(new AclEntry(AclEntry.Tag.GROUP_OBJ, null, 0, false));
        acl.add(new AclEntry(AclEntry.Tag.OTHER, null, 0, false));
        return PosixAcl.merge(acl, who.readers(), false);
    }

    /** The digest of the original registered at {@code entry}; empty when none was kept. */
    Optional<String> sourceDigest(Connection c, NsEntry entry) throws SQLException {
        return entry.guid() == null ? Optional.empty() : digests.get(c, entry.guid());
    }

    /**
     * Removes a registered image's rows: name-space file (and its series and study directories
     * once empty), the file-catalogue GUID with its names and replicas, the IMAGE entry; the
     * STUDY and SERIES entries of the directories removed; the PATIENT entry stays (other images
     * may name it). The caller commits.
     */
    void remove(Connection c, NsEntry file) throws SQLException, MdmException {
        if (file.directory()) {
            throw new MdmException(Status.INVALID_PATH, file.path() + " is a directory; unregister its images.");
        }
        ns.remove(c, file.path());
        for (NsPath dir = file.path().parent(); dir != null && !dir.equals(base) && dir.toString().startsWith(
                base + "/"); dir = dir.parent()) {
            if (!ns.list(c, dir).isEmpty()) {
                break;
            }
            ns.remove(c, dir);
            directoryEntries.remove(c, dir);
        }
        if (file.guid() != null) {
            files.remove(c, file.guid());
            metadata.remove(c, "/mdm/IMAGE", "guid:" + file.guid());
            digests.remove(c, file.guid());
        }
    }
}
