package org.mdm.nativeio;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * {@link NativeIo} through libc with JNA. Files are opened by path with open(2) because the
 * JDK gives no portable access to the descriptor behind a FileChannel.
 */
final class LibcNativeIo implements NativeIo {
    /** statvfs(3) field offsets in glibc's 64-bit layout: unsigned longs from the start. */
    private static final int F_FRSIZE = 8;
    private static final int F_BLOCKS = 16;
    private static final int F_BFREE = 24;
    private static final int F_BAVAIL = 32;
    /** Larger than sizeof(struct statvfs) (112) so a libc with a longer struct cannot overflow it. */
    private static final int STATVFS_BUFFER = 256;

    private final Libc libc;
    private final long pageSize;

    private LibcNativeIo(Libc libc) {
        this.libc = libc;
        this.pageSize = libc.getpagesize();
    }

    /**
     * Loads libc.
     *
     * @throws UnsupportedOperationException off 64-bit Linux, whose struct layouts we hard-code
     * @throws UnsatisfiedLinkError          if JNA or libc cannot be loaded
     */
    static LibcNativeIo load() {
        if (!Platform.isLinux() || !Platform.is64Bit()) {
            throw new UnsupportedOperationException("only 64-bit Linux is supported, this is "
                    + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        }
        return new LibcNativeIo(Native.load("c", Libc.class));
    }

    @Override
    public boolean isNative() {
        return true;
    }

    @Override
    public void allocate(Path file, long offset, long length) throws IOException {
        checkRange(offset, length);
        if (length == 0) {
            return; // fallocate(2) rejects an empty range with EINVAL; there is nothing to reserve
        }
        long formerSize = Files.size(file);
        int fd = open(file, Libc.O_WRONLY, "open for fallocate");
        try {
            reserveBlocks(fd, file, offset, length);
        } catch (NativeIoException e) {
            // fallocate may have allocated part of the range (and grown the file) before it failed
            truncateQuietly(fd, formerSize, e);
            throw e;
        } finally {
            close(fd, file);
        }
    }

    private void reserveBlocks(int fd, Path file, long offset, long length) throws NativeIoException {
        try {
            libc.fallocate(fd, 0, offset, length);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != Errno.EOPNOTSUPP) {
                throw new NativeIoException("fallocate of " + length + " bytes", file, e.getErrorCode(),
                        spaceAdvice(e.getErrorCode()));
            }
            // the file system cannot preallocate (e.g. some NFS): glibc's emulation writes blocks
            int error = libc.posix_fallocate(fd, offset, length);
            if (error != 0) {
                throw new NativeIoException("posix_fallocate of " + length + " bytes", file, error,
                        spaceAdvice(error));
            }
        }
    }

    private static String spaceAdvice(int errno) {
        return Errno.isNoSpace(errno) ? "free space on this file system or ask for less" : "";
    }

    private void truncateQuietly(int fd, long size, NativeIoException failure) {
        try {
            libc.ftruncate(fd, size);
        } catch (LastErrorException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public FileSystemSpace space(Path path) throws IOException {
        Objects.requireNonNull(path, "path");
        try (Memory buf = new Memory(STATVFS_BUFFER)) {
            buf.clear();
            try {
                libc.statvfs(path.toString(), buf);
            } catch (LastErrorException e) {
                throw new NativeIoException("statvfs", path, e.getErrorCode(), "check the path exists");
            }
            long blockSize = buf.getLong(F_FRSIZE);
            return new FileSystemSpace(buf.getLong(F_BLOCKS) * blockSize,
                    buf.getLong(F_BFREE) * blockSize, buf.getLong(F_BAVAIL) * blockSize);
        }
    }

    @Override
    public boolean dropCache(Path file, long offset, long length) throws IOException {
        checkRange(offset, length);
        int fd = open(file, Libc.O_RDONLY, "open for posix_fadvise");
        try {
            int error = libc.posix_fadvise(fd, offset, length, Libc.POSIX_FADV_DONTNEED);
            if (error != 0) {
                throw new NativeIoException("posix_fadvise(DONTNEED)", file, error, "");
            }
            return true;
        } finally {
            close(fd, file);
        }
    }

    @Override
    public boolean lock(ByteBuffer directBuffer) throws NativeIoException {
        try {
            libc.mlock(address(directBuffer), directBuffer.capacity());
            return true;
        } catch (LastErrorException e) {
            throw new NativeIoException("mlock of " + directBuffer.capacity() + " bytes", null,
                    e.getErrorCode(), lockAdvice(e.getErrorCode()));
        }
    }

    private static String lockAdvice(int errno) {
        return errno == Errno.ENOMEM || errno == Errno.EPERM
                ? "the locked-memory limit RLIMIT_MEMLOCK is too low; raise 'ulimit -l' (LimitMEMLOCK= for a"
                        + " systemd service, memlock in /etc/security/limits.conf)"
                : "";
    }

    @Override
    public boolean unlock(ByteBuffer directBuffer) throws NativeIoException {
        try {
            libc.munlock(address(directBuffer), directBuffer.capacity());
            return true;
        } catch (LastErrorException e) {
            throw new NativeIoException("munlock", null, e.getErrorCode(), "");
        }
    }

    @Override
    public boolean excludeFromCoreDump(ByteBuffer directBuffer) throws NativeIoException {
        long start = Pointer.nativeValue(address(directBuffer));
        // madvise wants page-aligned ranges; widen outwards so no byte of the buffer is dumped
        long first = start & -pageSize;
        long end = (start + directBuffer.capacity() + pageSize - 1) & -pageSize;
        try {
            libc.madvise(new Pointer(first), end - first, Libc.MADV_DONTDUMP);
            return true;
        } catch (LastErrorException e) {
            throw new NativeIoException("madvise(MADV_DONTDUMP)", null, e.getErrorCode(), "");
        }
    }

    private static Pointer address(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("only a direct ByteBuffer has a stable address to lock");
        }
        return Native.getDirectBufferPointer(buffer);
    }

    private int open(Path file, int flags, String operation) throws NativeIoException {
        try {
            return libc.open(file.toString(), flags | Libc.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new NativeIoException(operation, file, e.getErrorCode(), "");
        }
    }

    private void close(int fd, Path file) throws NativeIoException {
        try {
            libc.close(fd);
        } catch (LastErrorException e) {
            throw new NativeIoException("close", file, e.getErrorCode(), "");
        }
    }

    static void checkRange(long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset " + offset + " and length " + length
                    + " must not be negative");
        }
    }
}
