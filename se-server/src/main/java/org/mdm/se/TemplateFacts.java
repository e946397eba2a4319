package org.mdm.se;

import java.time.Instant;
import org.mdm.api.FileAttributes;
import org.mdm.api.namespace.NsFacts;

/**
 * Facts of paths under a template mount, which no catalogue records: what a read-only store
 * means (files 0444, directories 0555, owned by the storage element); a file's size, checksum and
 * time are its staged copy's.
 */
final class TemplateFacts {
    /** Owner and group shown for template paths. */
    static final String OWNER = "mdm";

    private TemplateFacts() {
    }

    static NsFacts directory(String path) {
        return new NsFacts(path, true, 0, java.util.OptionalLong.empty(), Instant.EPOCH, OWNER, OWNER, 0555);
    }

    static NsFacts file(String path, FileAttributes staged) {
        return new NsFacts(path, false, staged.size(), staged.adler32(), staged.modifiedAt(), OWNER, OWNER, 0444);
    }
}
