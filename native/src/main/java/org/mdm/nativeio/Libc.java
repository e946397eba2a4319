package org.mdm.nativeio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The libc functions we call, mapped by JNA. Constants are the Linux values on 64-bit
 * architectures (x86-64, aarch64); {@link LibcNativeIo#load()} refuses other platforms.
 *
 * <p>{@code posix_fallocate} and {@code posix_fadvise} return the error number instead of
 * setting errno, so they do not declare {@link LastErrorException}.
 */
interface Libc extends Library {
    int O_RDONLY = 0;
    int O_WRONLY = 1;
    int O_CLOEXEC = 0x80000;
    int POSIX_FADV_DONTNEED = 4;
    int MADV_DONTDUMP = 16;

    int open(String path, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int fallocate(int fd, int mode, long offset, long length) throws LastErrorException;

    int posix_fallocate(int fd, long offset, long length);

    int ftruncate(int fd, long length) throws LastErrorException;

    int posix_fadvise(int fd, long offset, long length, int advice);

    int statvfs(String path, Pointer buf) throws LastErrorException;

    int mlock(Pointer address, long length) throws LastErrorException;

    int munlock(Pointer address, long length) throws LastErrorException;

    int madvise(Pointer address, long length, int advice) throws LastErrorException;

    int getpagesize();
}
