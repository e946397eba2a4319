package org.mdm.nativeio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaNativeIoTest {
    private static final long MIB = 1024 * 1024;

    @TempDir
    Path dir;
    private final NativeIo io = new JavaNativeIo();

    @Test
    void isNotNative() {
        assertFalse(io.isNative());
    }

    @Test
    void allocateWritesRealBlocksNotAHole() throws Exception {
        Path file = Files.createFile(dir.resolve("reserved"));
        io.allocate(file, 0, 4 * MIB);
        assertEquals(4 * MIB, Files.size(file));
        assertTrue(DiskBlocks.allocatedBytes(file) >= 4 * MIB, "sparse file: nothing reserved");
    }

    @Test
    void allocateLeavesExistingBytesAlone() throws IOException {
        Path file = Files.write(dir.resolve("data"), new byte[] {1, 2, 3});
        io.allocate(file, 0, 10);
        byte[] content = Files.readAllBytes(file);
        assertEquals(10, content.length);
        assertEquals(3, content[2]);
        assertEquals(0, content[3]);
    }

    @Test
    void allocatingMoreThanIsFreeFailsAsNoSpaceWithoutGrowth() throws IOException {
        Path file = Files.write(dir.resolve("huge"), new byte[] {7});
        NativeIoException e = assertThrows(NativeIoException.class, () -> io.allocate(file, 0, 1L << 50));
        assertTrue(e.isNoSpace());
        assertEquals(Errno.ENOSPC, e.errno());
        assertEquals(1, Files.size(file));
    }

    @Test
    void spaceComesFromTheFileStore() throws IOException {
        FileStore store = Files.getFileStore(dir);
        FileSystemSpace space = io.space(dir);
        assertEquals(store.getTotalSpace(), space.totalBytes());
        assertEquals(store.getUsableSpace(), space.availableBytes(), 256.0 * MIB);
    }

    @Test
    void adviceAndLockingReportFalse() throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[10]);
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        assertFalse(io.dropCache(file, 0, 0));
        assertFalse(io.lock(buffer));
        assertFalse(io.unlock(buffer));
        assertFalse(io.excludeFromCoreDump(buffer));
    }
}
