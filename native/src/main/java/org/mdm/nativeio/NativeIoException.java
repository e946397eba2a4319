package org.mdm.nativeio;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A libc call failed. Carries the errno so callers can tell "no space" (which a spool reports
 * as a full disk) from a real I/O fault without parsing the message.
 */
public class NativeIoException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * A failure of {@code operation} on {@code path} (may be null for memory calls).
     *
     * @param advice what the caller can do about it, appended to the message
     */
    public NativeIoException(String operation, Path path, int errno, String advice) {
        super(operation + (path == null ? "" : " on " + path) + " failed: " + Errno.describe(errno)
                + (advice == null || advice.isEmpty() ? "" : "; " + advice));
        this.errno = errno;
    }

    /** The errno the call reported. */
    public int errno() {
        return errno;
    }

    /**
     * Whether the failure means there is no room: ENOSPC, EDQUOT, or EFBIG (asked for more than
     * the file system can ever hold in one file).
     */
    public boolean isNoSpace() {
        return Errno.isNoSpace(errno);
    }
}
