package org.mdm.copy;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/** Puts a finished file at its destination in one rename (same directory, so same file system). */
final class AtomicMove {

    private AtomicMove() {
    }

    /** Renames {@code from} onto {@code to}; returns its size. */
    static long replace(Path from, Path to) throws MdmException {
        try {
            long size = Files.size(from);
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
            return size;
        } catch (IOException e) {
            throw new MdmException(Status.IO_ERROR, "cannot write " + to + ": " + e.getMessage(), e);
        }
    }
}
