package org.mdm.hydra.server;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Keeps the embedded database owner-only. H2 creates its files with the process umask, so the
 * directory is made 0700 before H2 opens it (nobody else can reach the files, whatever their
 * mode) and the files are set to 0600 right after, so that a later copy or a looser parent
 * directory does not expose them. A share alone reveals nothing, but nothing at rest is
 * world-readable.
 */
final class H2Files {

    private H2Files() {
    }

    static void prepareDirectory(Path directory) throws MdmException {
        try {
            Files.createDirectories(directory);
            if (posix()) {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "cannot create the share database directory "
                    + directory + " owner-only: " + e.getMessage(), e);
        }
    }

    static void restrictFiles(Path directory) throws MdmException {
        if (!posix()) {
            return;
        }
        try (Stream<Path> files = Files.list(directory)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
                }
            }
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "cannot make the share database files in " + directory
                    + " owner-only: " + e.getMessage(), e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
