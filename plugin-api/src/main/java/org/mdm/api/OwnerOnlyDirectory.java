package org.mdm.api;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

/**
 * Keeps an embedded database owner-only (the key servers' shares, the catalogue). A database
 * library creates its files with the process umask, so the directory is made 0700 before it is
 * opened (nobody else can reach the files, whatever their mode) and the files are set to 0600
 * right after, so that a later copy or a looser parent directory does not expose them.
 */
public final class OwnerOnlyDirectory {

    private OwnerOnlyDirectory() {
    }

    /**
     * Creates {@code directory} if needed and makes it 0700.
     *
     * @param what what the directory holds, for the message
     * @throws MdmException CONFIGURATION_ERROR when it cannot be created or restricted
     */
    public static void prepare(Path directory, String what) throws MdmException {
        try {
            Files.createDirectories(directory);
            if (posix()) {
                Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            }
        } catch (IOException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "cannot create the " + what + " directory "
                    + directory + " owner-only: " + MdmException.describe(e), e);
        }
    }

    /**
     * Makes every regular file in {@code directory} 0600.
     *
     * @throws MdmException IO_ERROR when a file's mode cannot be set
     */
    public static void restrictFiles(Path directory, String what) throws MdmException {
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
            throw new MdmException(Status.IO_ERROR, "cannot make the " + what + " files in " + directory
                    + " owner-only: " + MdmException.describe(e), e);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
