package org.mdm.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.Status;

/**
 * The directory a file backend serves, and the check that a {@code file://} PFN names a
 * regular file inside it: lexically ({@code ..} refused) and again on the real path, so a
 * symbolic link cannot lead out of the root.
 */
final class FileRoot {
    private final Path root;

    private FileRoot(Path root) {
        this.root = root;
    }

    static FileRoot of(String configured) throws MdmException {
        if (configured == null || configured.isBlank()) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "File backend: set 'root' to the directory it serves.");
        }
        try {
            Path real = Path.of(configured).toRealPath();
            if (!Files.isDirectory(real)) {
                throw new MdmException(Status.CONFIGURATION_ERROR, "File backend: root " + configured
                        + " is not a directory.");
            }
            return new FileRoot(real);
        } catch (IOException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "File backend: root " + configured
                    + " cannot be read (" + e.getMessage() + "); create it or fix 'root'.", e);
        }
    }

    /** The file a PFN names, checked lexically only (no file-system access). */
    Path lexical(Pfn pfn) throws MdmException {
        if (pfn.host() != null || pfn.userInfo() != null || pfn.port() >= 0 || !pfn.query().isEmpty()) {
            throw invalid(pfn, "must be file:///<absolute path>, without host, port or query");
        }
        String path = pfn.path();
        if (!path.startsWith("/") || path.contains("/../") || path.endsWith("/..") || path.contains("/./")
                || path.contains("//") || path.endsWith("/")) {
            throw invalid(pfn, "must name a file by a plain absolute path (no '.', '..', '//' or trailing '/')");
        }
        Path file = Path.of(path);
        if (!file.startsWith(root)) {
            throw invalid(pfn, "is outside this backend's root " + root);
        }
        return file;
    }

    /** The regular file a PFN names, following links, still inside the root. */
    Path resolve(Pfn pfn) throws MdmException {
        Path file = lexical(pfn);
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(root)) {
                throw invalid(pfn, "leads outside this backend's root " + root + " through a symbolic link");
            }
            if (!Files.isRegularFile(real)) {
                throw new MdmException(Status.NOT_FOUND, "No such file: " + pfn + " is not a regular file.");
            }
            return real;
        } catch (NoSuchFileException e) {
            throw new MdmException(Status.NOT_FOUND, "No such file: " + pfn + ".", e);
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "Cannot read " + pfn + ": " + e.getMessage() + ".", e);
        }
    }

    private static MdmException invalid(Pfn pfn, String why) {
        return new MdmException(Status.INVALID_PATH, "PFN " + pfn + " " + why + ".");
    }
}
