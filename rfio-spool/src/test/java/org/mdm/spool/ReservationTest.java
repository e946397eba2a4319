package org.mdm.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mdm.spool.SpoolFixture.allocatedBytes;
import static org.mdm.spool.SpoolFixture.config;
import static org.mdm.spool.SpoolFixture.files;
import static org.mdm.spool.SpoolFixture.key;
import static org.mdm.spool.SpoolFixture.temps;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.SpoolWriter;
import org.mdm.nativeio.Errno;
import org.mdm.nativeio.FileSystemSpace;
import org.mdm.nativeio.JavaNativeIo;
import org.mdm.nativeio.NativeIo;
import org.mdm.nativeio.NativeIoException;

class ReservationTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void spaceIsReservedAndPreallocatedBeforeTheFirstWrite() throws Exception {
        try (RfioSpool spool = RfioSpool.open(config(dir, 10 * MIB));
             SpoolWriter writer = spool.allocate(key("a"), 2 * MIB)) {
            assertTrue(writer.isOpen());
            assertEquals(2 * MIB, spool.used());
            List<String> temps = temps(dir);
            assertEquals(1, temps.size());
            Path temp = dir.resolve(".tmp").resolve(temps.get(0));
            assertEquals(2 * MIB, Files.size(temp));
            assertTrue(allocatedBytes(temp) >= 2 * MIB, "temp file is sparse: nothing reserved on disk");
            assertTrue(spool.list().isEmpty(), "a file being written must not be listed");
        }
    }

    @Test
    void moreThanTheCapacityFailsUpFrontAndLeavesNothing() throws Exception {
        try (RfioSpool spool = RfioSpool.open(config(dir, MIB))) {
            MdmException e = assertThrows(MdmException.class, () -> spool.allocate(key("big"), 2 * MIB));
            assertEquals(Status.NO_FREE_SPACE, e.status());
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            assertTrue(e.getMessage().contains(String.valueOf(2 * MIB)), e.getMessage());
            assertTrue(e.getMessage().contains("raise 'capacity'"), e.getMessage());
            assertEquals(0, spool.used());
            assertEquals(List.of(), temps(dir));
            assertEquals(List.of(), files(dir));
        }
    }

    @Test
    void moreThanTheFileSystemHasFailsUpFrontAndLeavesNothing() throws Exception {
        try (RfioSpool spool = RfioSpool.open(config(dir, 1L << 52))) {
            MdmException e = assertThrows(MdmException.class, () -> spool.allocate(key("huge"), 1L << 50));
            assertEquals(Status.NO_FREE_SPACE, e.status());
            assertTrue(e.getMessage().contains("free space"), e.getMessage());
            assertEquals(0, spool.used());
            assertEquals(List.of(), temps(dir));
        }
    }

    @Test
    void minFreeIsKeptOnTheFileSystem() throws Exception {
        long available = Files.getFileStore(dir).getUsableSpace();
        try (RfioSpool spool = RfioSpool.open(new SpoolConfig(dir, MIB, available + (1L << 30)))) {
            MdmException e = assertThrows(MdmException.class, () -> spool.allocate(key("a"), 1));
            assertEquals(Status.NO_FREE_SPACE, e.status());
            assertTrue(e.getMessage().contains("'min.free'"), e.getMessage());
            assertEquals(List.of(), temps(dir));
        }
    }

    @Test
    void aFullDiskAtPreallocationIsNoFreeSpaceAndLeavesNothing() throws Exception {
        NativeIo io = mock(NativeIo.class);
        when(io.space(any())).thenReturn(new FileSystemSpace(1L << 40, 1L << 40, 1L << 40));
        doThrow(new NativeIoException("fallocate", dir, Errno.ENOSPC, ""))
                .when(io).allocate(any(), anyLong(), anyLong());
        try (RfioSpool spool = RfioSpool.open(config(dir, 10 * MIB), io)) {
            MdmException e = assertThrows(MdmException.class, () -> spool.allocate(key("a"), MIB));
            assertEquals(Status.NO_FREE_SPACE, e.status());
            assertTrue(e.getMessage().contains("ENOSPC"), e.getMessage());
            assertEquals(0, spool.used());
            assertEquals(List.of(), temps(dir));
        }
    }

    @Test
    void anIoFailureAtPreallocationIsAnIoError() throws Exception {
        NativeIo io = mock(NativeIo.class);
        when(io.space(any())).thenReturn(new FileSystemSpace(1L << 40, 1L << 40, 1L << 40));
        doThrow(new NativeIoException("fallocate", dir, Errno.EIO, ""))
                .when(io).allocate(any(), anyLong(), anyLong());
        try (RfioSpool spool = RfioSpool.open(config(dir, 10 * MIB), io)) {
            MdmException e = assertThrows(MdmException.class, () -> spool.allocate(key("a"), MIB));
            assertEquals(Status.IO_ERROR, e.status());
            assertEquals(List.of(), temps(dir));
        }
    }

    @Test
    void theJavaFallbackReservesToo() throws Exception {
        try (RfioSpool spool = RfioSpool.open(config(dir, 10 * MIB), new JavaNativeIo());
             SpoolWriter writer = spool.allocate(key("a"), MIB)) {
            Path temp = dir.resolve(".tmp").resolve(temps(dir).get(0));
            assertTrue(temp.getFileName().toString().startsWith(writer.key().value() + "."));
            assertTrue(allocatedBytes(temp) >= MIB);
        }
        assertEquals(List.of(), temps(dir));
    }

    @Test
    void aNegativeSizeIsAnInvalidRequest() throws Exception {
        try (RfioSpool spool = RfioSpool.open(config(dir, MIB))) {
            MdmException e = assertThrows(MdmException.class, () -> spool.allocate(key("a"), -1));
            assertEquals(Status.INVALID_REQUEST, e.status());
        }
    }
}
