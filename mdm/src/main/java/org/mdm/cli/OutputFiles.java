package org.mdm.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.SpoolFile;

/**
 * Where {@code mdm fetch} puts its results. Each file is copied to a temporary name beside its
 * destination and renamed, so an interrupted fetch never leaves a partial file under the final
 * name. Series files are named after their spool key, which carries no patient identifier.
 */
final class OutputFiles {
    private final Path out;
    private final boolean directory;

    OutputFiles(Path out, boolean series) throws MdmException {
        this.out = out;
        this.directory = series || Files.isDirectory(out);
        try {
            if (series) {
                Files.createDirectories(out);
            } else if (out.getParent() != null && !Files.isDirectory(out.getParent())) {
                throw new MdmException(Status.INVALID_REQUEST, "Output " + out + ": directory " + out.getParent()
                        + " does not exist; create it first.");
            }
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Cannot create output directory " + out + ": " + e.getMessage(), e);
        }
    }

    /** Copies a spooled file to its destination and returns where it went. */
    Path deliver(SpoolFile file) throws MdmException {
        Path target = directory ? out.resolve(shortName(file) + ".dcm") : out;
        Path temp = target.resolveSibling("." + target.getFileName() + ".part");
        try {
            Files.copy(file.path(), temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the original failure is the one to report
            }
            throw new MdmException(Status.IO_ERROR, "Cannot write " + target + ": " + e.getMessage()
                    + ". Check the output directory is writable and has space.", e);
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private static String shortName(SpoolFile file) {
        String key = file.key().value();
        int dash = key.indexOf('-');
        String hash = dash >= 0 ? key.substring(dash + 1) : key;
        return hash.substring(0, Math.min(16, hash.length()));
    }
}
