package org.mdm.nativeio;

import java.util.Map;

/**
 * The Linux errno values this module reports, with the symbolic name and a short explanation,
 * so that a failure reads "ENOSPC (no space left on device)" instead of a bare number.
 */
public final class Errno {
    /** Operation not permitted. */
    public static final int EPERM = 1;
    /** No such file or directory. */
    public static final int ENOENT = 2;
    /** Input/output error. */
    public static final int EIO = 5;
    /** Bad file descriptor. */
    public static final int EBADF = 9;
    /** Resource temporarily unavailable. */
    public static final int EAGAIN = 11;
    /** Cannot allocate memory (also: RLIMIT_MEMLOCK exceeded for mlock). */
    public static final int ENOMEM = 12;
    /** Permission denied. */
    public static final int EACCES = 13;
    /** Is a directory. */
    public static final int EISDIR = 21;
    /** Invalid argument. */
    public static final int EINVAL = 22;
    /** File too large. */
    public static final int EFBIG = 27;
    /** No space left on device. */
    public static final int ENOSPC = 28;
    /** Read-only file system. */
    public static final int EROFS = 30;
    /** Function not implemented. */
    public static final int ENOSYS = 38;
    /** Operation not supported. */
    public static final int EOPNOTSUPP = 95;
    /** Disk quota exceeded. */
    public static final int EDQUOT = 122;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM (operation not permitted)"),
            Map.entry(ENOENT, "ENOENT (no such file or directory)"),
            Map.entry(EIO, "EIO (input/output error)"),
            Map.entry(EBADF, "EBADF (bad file descriptor)"),
            Map.entry(EAGAIN, "EAGAIN (resource temporarily unavailable)"),
            Map.entry(ENOMEM, "ENOMEM (cannot allocate memory)"),
            Map.entry(EACCES, "EACCES (permission denied)"),
            Map.entry(EISDIR, "EISDIR (is a directory)"),
            Map.entry(EINVAL, "EINVAL (invalid argument)"),
            Map.entry(EFBIG, "EFBIG (file too large)"),
            Map.entry(ENOSPC, "ENOSPC (no space left on device)"),
            Map.entry(EROFS, "EROFS (read-only file system)"),
            Map.entry(ENOSYS, "ENOSYS (function not implemented)"),
            Map.entry(EOPNOTSUPP, "EOPNOTSUPP (operation not supported)"),
            Map.entry(EDQUOT, "EDQUOT (disk quota exceeded)"));

    private Errno() {
    }

    /** The symbolic name and meaning of {@code errno}, e.g. {@code ENOSPC (no space left on device)}. */
    public static String describe(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    /** Whether {@code errno} means the file system (or the user's quota) has no room. */
    public static boolean isNoSpace(int errno) {
        return errno == ENOSPC || errno == EDQUOT || errno == EFBIG;
    }
}
