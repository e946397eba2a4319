package org.mdm.nativeio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibcNativeIoTest {
    private static final long MIB = 1024 * 1024;
    private static final long PETABYTE = 1L << 50;

    @TempDir
    Path dir;
    private NativeIo io;

    @BeforeEach
    void nativeImplementation() {
        io = NativeIo.get();
        assumeTrue(io.isNative(), "libc is not reachable on this platform");
    }

    @Test
    void allocateReservesDiskBlocksBeforeAnyWrite() throws Exception {
        Path file = Files.createFile(dir.resolve("reserved"));
        io.allocate(file, 0, 8 * MIB);
        assertEquals(8 * MIB, Files.size(file));
        assertTrue(DiskBlocks.allocatedBytes(file) >= 8 * MIB, "blocks were not allocated");
    }

    @Test
    void allocateKeepsExistingContentAndGrowsFromOffset() throws Exception {
        Path file = Files.writeString(dir.resolve("partial"), "hello");
        io.allocate(file, 5, MIB);
        assertEquals(5 + MIB, Files.size(file));
        byte[] head = Arrays.copyOf(Files.readAllBytes(file), 5);
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), head);
    }

    @Test
    void allocatingMoreThanTheFileSystemHoldsFailsAndLeavesNoGrowth() throws Exception {
        Path file = Files.writeString(dir.resolve("huge"), "x");
        NativeIoException e = assertThrows(NativeIoException.class, () -> io.allocate(file, 0, PETABYTE));
        assertTrue(e.isNoSpace(), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals(1, Files.size(file));
        assertTrue(DiskBlocks.allocatedBytes(file) <= 64 * 1024, "blocks left behind");
    }

    @Test
    void allocatingAMissingFileNamesIt() {
        Path missing = dir.resolve("missing");
        IOException e = assertThrows(IOException.class, () -> io.allocate(missing, 0, MIB));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void spaceAgreesWithFileStore() throws IOException {
        FileSystemSpace space = io.space(dir);
        FileStore store = Files.getFileStore(dir);
        assertEquals(store.getTotalSpace(), space.totalBytes());
        // other processes write meanwhile: allow 256 MiB of drift
        assertEquals(store.getUsableSpace(), space.availableBytes(), 256.0 * MIB);
        assertTrue(space.freeBytes() >= space.availableBytes());
    }

    @Test
    void spaceOfAMissingPathFailsWithENOENT() {
        NativeIoException e = assertThrows(NativeIoException.class, () -> io.space(dir.resolve("nope")));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("ENOENT"), e.getMessage());
    }

    @Test
    void dropCacheAdvisesOnAWrittenFile() throws IOException {
        Path file = Files.write(dir.resolve("streamed"), new byte[100_000]);
        assertTrue(io.dropCache(file, 0, 0));
    }

    @Test
    void lockAndUnlockASmallDirectBuffer() throws NativeIoException {
        ByteBuffer key = ByteBuffer.allocateDirect(4096);
        try {
            assertTrue(io.lock(key));
        } catch (NativeIoException e) {
            assertTrue(e.getMessage().contains("RLIMIT_MEMLOCK"), "no clear reason: " + e.getMessage());
            return;
        }
        assertTrue(io.unlock(key));
    }

    @Test
    void excludeFromCoreDumpAcceptsAnUnalignedBuffer() throws NativeIoException {
        assertTrue(io.excludeFromCoreDump(ByteBuffer.allocateDirect(100)));
    }

    @Test
    void heapBuffersAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> io.lock(ByteBuffer.allocate(32)));
    }
}
