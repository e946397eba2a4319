package org.mdm.se;

import org.mdm.api.Checksums;
import org.mdm.api.MdmException;
import org.mdm.api.StageResult;
import org.mdm.api.Status;
import org.mdm.api.namespace.NsFacts;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What registration recorded of a file, held against its staged copy: registration's dry run
 * sealed the image through the same pipeline, so a copy of another size or ADLER32 is not the
 * registered image (the DICOM server's object changed, the site secret or the pipeline changed,
 * the spool was damaged). Such a copy is never served: the client gets an error, the site's log
 * one line naming the image by its name-space path (never the PFN or a hospital UID), and the copy
 * leaves the spool so that the next request stages afresh.
 */
final class Registered {
    private static final Logger LOG = LoggerFactory.getLogger(Registered.class);

    private final NsFacts facts;
    private final Spool spool;

    Registered(NsFacts facts, Spool spool) {
        this.facts = facts;
        this.spool = spool;
    }

    /**
     * Returns {@code staged} when it is the registered file; otherwise unpins and evicts it.
     *
     * @throws MdmException CORRUPT_DATA naming the path
     */
    StageResult check(StageResult staged, String path) throws MdmException {
        SpoolFile file = staged.file();
        boolean sizeOk = file.size() == facts.size();
        boolean sumOk = facts.adler32().isEmpty() || file.adler32() == facts.adler32().getAsLong();
        if (sizeOk && sumOk) {
            return staged;
        }
        String found = file.size() + " bytes, ADLER32 " + Checksums.adler32Hex(file.adler32());
        String expected = facts.size() + " bytes, ADLER32 " + (facts.adler32().isPresent()
                ? Checksums.adler32Hex(facts.adler32().getAsLong()) : "unknown");
        file.close();
        boolean evicted = evict(file);
        LOG.error("{}: the staged copy ({}) differs from the registered image ({}); not served, {}", path, found,
                expected, evicted ? "evicted from the spool" : "left in the spool (another reader holds it)");
        return reject(path);
    }

    private boolean evict(SpoolFile file) {
        try {
            return spool.evict(file.key());
        } catch (MdmException e) {
            return false; // pinned by another reader, whose own check refuses and evicts it
        }
    }

    private static StageResult reject(String path) throws MdmException {
        throw new MdmException(Status.CORRUPT_DATA, path + ": the staged image differs from the registered one"
                + " (size or ADLER32), so it is not served; the site's log names it. Try again later, or ask the"
                + " site's administrator.");
    }
}
