package org.mdm.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The de-identification secret of a site: created on first use so that embedded defaults work,
 * owner-only from the moment it exists (never written first and restricted after).
 */
final class SiteSecret {
    private static final int BYTES = 64;

    private SiteSecret() {
    }

    /**
     * Creates the secret file with fresh random content unless it exists, and says so on {@code
     * notices} (a person must know to keep it). Call it only once the command's configuration is
     * known to be complete: a command that then fails must not have created anything.
     */
    static void ensure(Path file, PrintWriter notices) throws MdmException {
        if (Files.exists(file)) {
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(parent,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            // Written whole under a temporary name, then hard-linked into place: the link fails if
            // another process won the race, and no reader ever sees a half-written secret.
            Path temp = Files.createTempFile(parent, ".deid-secret", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try {
                byte[] secret = new byte[BYTES];
                new SecureRandom().nextBytes(secret);
                Files.write(temp, secret);
                Files.createLink(file, temp);
            } finally {
                Files.deleteIfExists(temp);
            }
            notices.println("mdm: created a new de-identification secret in " + file
                    + "; keep it (a new one changes every de-identified UID).");
            notices.flush();
        } catch (FileAlreadyExistsException e) {
            // another mdm process created it first: use theirs
        } catch (IOException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Cannot create the de-identification secret " + file
                    + ": " + e.getMessage() + ". Create it yourself (head -c 64 /dev/urandom > FILE; chmod 600 FILE)"
                    + " or set dicom.deid.secret.file.", e);
        }
    }
}
