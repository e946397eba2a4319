package org.mdm.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The embedded catalogue's password, made at random when the database is created and kept in an
 * owner-only file beside it. H2's mixed mode listens on a TCP port for the other processes; the
 * lock file's key and this password keep everyone else out, though the port is reachable.
 */
final class CatalogPassword {
    private static final String FILE = "catalog.password";

    private CatalogPassword() {
    }

    static String of(Path directory) throws MdmException {
        Path file = directory.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                if (Files.exists(directory.resolve("catalog.mv.db"))) {
                    throw new MdmException(Status.CONFIGURATION_ERROR, "The catalogue in " + directory + " has no "
                            + FILE + " (it was made by an MDM before 2026-12); move it away and register again.");
                }
                create(file);
            }
            return Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Cannot read or create the catalogue password " + file
                    + ": " + MdmException.describe(e) + ".", e);
        }
    }

    /** Written aside, then moved in whole, so a process racing this one never reads half of it. */
    private static void create(Path file) throws IOException {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        Path aside = Files.createTempFile(file.getParent(), ".catalog.password", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(aside, Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                    StandardCharsets.US_ASCII, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
            Files.move(aside, file);
        } catch (FileAlreadyExistsException raced) {
            // another process made it first: use theirs
        } finally {
            Files.deleteIfExists(aside);
        }
    }
}
