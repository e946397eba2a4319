package org.mdm.nativeio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The pure-Java {@link NativeIo}, used where libc cannot be reached. Space comes from
 * {@link FileStore}; advice and memory locking are not available and report false.
 */
public final class JavaNativeIo implements NativeIo {
    private static final int ZERO_CHUNK = 64 * 1024;

    /** Creates the fallback; {@link NativeIo#get()} is the usual way to obtain an implementation. */
    public JavaNativeIo() {
        // stateless
    }

    @Override
    public boolean isNative() {
        return false;
    }

    /**
     * Writes zeros over the part of the range beyond the current end of file. Zeros, not
     * {@code RandomAccessFile.setLength}: setLength makes a sparse file whose blocks are only
     * found when data is written, so a later write could still hit a full disk, which is exactly
     * what reserving is for. Writing costs I/O once, and makes the reservation real on every
     * file system that does not compress or deduplicate. Bytes already inside the file are
     * left untouched (they may be holes; we cannot tell without libc).
     */
    @Override
    public void allocate(Path file, long offset, long length) throws IOException {
        LibcNativeIo.checkRange(offset, length);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            long formerSize = channel.size();
            long from = Math.max(offset, formerSize);
            long end = offset + length;
            if (end <= from) {
                return;
            }
            long usable = Files.getFileStore(file).getUsableSpace();
            if (end - from > usable) {
                throw new NativeIoException("allocating " + length + " bytes", file, Errno.ENOSPC,
                        "only " + usable + " bytes are free; free space on this file system or ask for less");
            }
            try {
                writeZeros(channel, from, end);
            } catch (IOException e) {
                channel.truncate(formerSize); // leave no partial growth behind
                throw e;
            }
        }
    }

    private static void writeZeros(FileChannel channel, long from, long end) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocate(ZERO_CHUNK);
        long position = from;
        while (position < end) {
            zeros.clear().limit((int) Math.min(ZERO_CHUNK, end - position));
            position += channel.write(zeros, position);
        }
    }

    @Override
    public FileSystemSpace space(Path path) throws IOException {
        FileStore store = Files.getFileStore(path);
        return new FileSystemSpace(store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace());
    }

    @Override
    public boolean dropCache(Path file, long offset, long length) {
        return false;
    }

    @Override
    public boolean lock(ByteBuffer directBuffer) {
        return false;
    }

    @Override
    public boolean unlock(ByteBuffer directBuffer) {
        return false;
    }

    @Override
    public boolean excludeFromCoreDump(ByteBuffer directBuffer) {
        return false;
    }
}
