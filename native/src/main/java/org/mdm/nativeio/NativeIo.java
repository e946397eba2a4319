package org.mdm.nativeio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The operating-system calls MDM needs and the JDK lacks. Implementations are thread safe.
 *
 * <p>Calls that are only advice ({@link #dropCache}, {@link #lock}, {@link #excludeFromCoreDump})
 * return false when the implementation cannot do them at all, so callers may carry on; they throw
 * when the call was made and failed, because then the caller asked for something wrong.
 */
public interface NativeIo {

    /** The implementation for this process: JNA on Linux, the pure-Java fallback otherwise. */
    static NativeIo get() {
        return NativeIoLoader.INSTANCE;
    }

    /** Whether this is the libc implementation (false for the fallback). */
    boolean isNative();

    /**
     * Makes sure disk blocks are allocated for bytes {@code [offset, offset + length)} of the
     * existing file, growing it if needed, so that later writes there cannot fail for lack of
     * space. Existing content is kept. On failure the file has its former size again.
     *
     * @throws NativeIoException with {@link NativeIoException#isNoSpace()} true if there is no room
     * @throws IOException       for any other failure
     */
    void allocate(Path file, long offset, long length) throws IOException;

    /** The size and free space of the file system holding {@code path}. */
    FileSystemSpace space(Path path) throws IOException;

    /**
     * Tells the kernel the bytes {@code [offset, offset + length)} of the file will not be read
     * again soon, so their page cache can go (a length of 0 means to the end of the file).
     * Dirty pages are not dropped: sync the file first.
     *
     * @return false if this implementation cannot give the advice
     */
    boolean dropCache(Path file, long offset, long length) throws IOException;

    /**
     * Locks the pages of a direct buffer in memory so they are never swapped out.
     *
     * @return false if this implementation cannot lock memory
     * @throws NativeIoException if the kernel refused, e.g. ENOMEM when RLIMIT_MEMLOCK is too low
     * @throws IllegalArgumentException if the buffer is not direct
     */
    boolean lock(ByteBuffer directBuffer) throws NativeIoException;

    /**
     * Unlocks the pages {@link #lock} locked. Pages shared with another locked buffer are
     * unlocked too (Linux locks do not nest), so lock key buffers that own whole pages.
     *
     * @return false if this implementation cannot lock memory
     */
    boolean unlock(ByteBuffer directBuffer) throws NativeIoException;

    /**
     * Keeps the pages of a direct buffer out of core dumps (MADV_DONTDUMP).
     *
     * @return false if this implementation cannot give the advice
     */
    boolean excludeFromCoreDump(ByteBuffer directBuffer) throws NativeIoException;
}
