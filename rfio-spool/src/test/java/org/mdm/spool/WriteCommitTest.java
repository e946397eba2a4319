package org.mdm.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mdm.spool.SpoolFixture.adler32;
import static org.mdm.spool.SpoolFixture.adler32Of;
import static org.mdm.spool.SpoolFixture.config;
import static org.mdm.spool.SpoolFixture.content;
import static org.mdm.spool.SpoolFixture.files;
import static org.mdm.spool.SpoolFixture.key;
import static org.mdm.spool.SpoolFixture.store;
import static org.mdm.spool.SpoolFixture.temps;
import static org.mdm.spool.SpoolFixture.writeAll;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mdm.nativeio.NativeIo;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.spool.SpoolWriter;

class WriteCommitTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void commitPublishesAtomicallyWithSizeAndChecksum() throws Exception {
        byte[] data = content(300_000, 1);
        try (RfioSpool spool = RfioSpool.open(config(dir, 10 * MIB))) {
            SpoolWriter writer = spool.allocate(key("img"), data.length);
            writeAll(writer, data);
            assertTrue(spool.open(key("img")).isEmpty(), "visible before commit");
            assertFalse(Files.exists(dir.resolve("img")));
            try (SpoolFile file = writer.commit()) {
                assertEquals(dir.resolve("img"), file.path());
                assertEquals(data.length, file.size());
                assertEquals(data.length, Files.size(file.path()));
                assertEquals(adler32(data), file.adler32());
                assertEquals(adler32Of(file.path()), file.adler32());
                assertArrayEquals(data, Files.readAllBytes(file.path()));
                assertEquals(1, spool.list().get(0).pins());
            }
            assertEquals(data.length, spool.used());
            assertEquals(0, spool.list().get(0).pins());
            assertEquals(List.of(), temps(dir));
            assertEquals(List.of(".img.meta", "img"), files(dir));
        }
    }

    @Test
    void closingWithoutCommitLeavesNothing() throws Exception {
        try (RfioSpool spool = RfioSpool.open(config(dir, 10 * MIB))) {
            try (SpoolWriter writer = spool.allocate(key("img"), MIB)) {
                writeAll(writer, content(5000, 2));
            }
            assertEquals(0, spool.used());
            assertEquals(List.of(), temps(dir));
            assertEquals(List.of(), files(dir));
            assertTrue(spool.open(key("img")).isEmpty());
        }
    }

    @Test
    void preallocationBeyondTheDataIsGivenBackAtCommit() throws Exception {
        byte[] data = content(1000, 3);
        try (RfioSpool spool = RfioSpool.open(config(dir, 10 * MIB));
             SpoolFile file = store(spool, "small", data, MIB)) {
            assertEquals(1000, Files.size(file.path()));
            assertEquals(1000, spool.used());
        }
    }

    @Test
    void writingBeyondTheReservationGrowsIt() throws Exception {
        byte[] data = content(100_000, 4);
        try (RfioSpool spool = RfioSpool.open(config(dir, 10 * MIB));
             SpoolFile file = store(spool, "grown", data, 10)) {
            assertEquals(data.length, file.size());
            assertEquals(adler32(data), adler32Of(file.path()));
            assertEquals(data.length, spool.used());
        }
    }

    @Test
    void growingBeyondTheCapacityFailsAndRemovesTheTemp() throws Exception {
        try (RfioSpool spool = RfioSpool.open(config(dir, 64 * 1024));
             SpoolWriter writer = spool.allocate(key("big"), 10_000)) {
            IOException e = assertThrows(IOException.class, () -> writeAll(writer, content(100_000, 5)));
            MdmException cause = assertInstanceOf(MdmException.class, e.getCause());
            assertEquals(Status.NO_FREE_SPACE, cause.status());
            assertEquals(0, spool.used());
            assertEquals(List.of(), temps(dir));
            assertThrows(ClosedChannelException.class, () -> writer.write(ByteBuffer.allocate(1)));
            assertEquals(Status.INVALID_REQUEST, assertThrows(MdmException.class, writer::commit).status());
        }
    }

    @Test
    void whenTwoWritersCommitOneKeyTheFirstIsKept() throws Exception {
        byte[] first = content(2000, 6);
        byte[] second = content(3000, 7);
        try (RfioSpool spool = RfioSpool.open(config(dir, 10 * MIB))) {
            SpoolWriter a = spool.allocate(key("same"), first.length);
            SpoolWriter b = spool.allocate(key("same"), second.length);
            writeAll(a, first);
            writeAll(b, second);
            try (SpoolFile fa = a.commit(); SpoolFile fb = b.commit()) {
                assertEquals(adler32(first), fa.adler32());
                assertEquals(fa.adler32(), fb.adler32());
                assertEquals(first.length, fb.size());
                assertArrayEquals(first, Files.readAllBytes(fb.path()));
                assertEquals(2, spool.list().get(0).pins());
            }
            assertEquals(first.length, spool.used());
            assertEquals(1, spool.list().size());
            assertEquals(List.of(), temps(dir));
        }
    }

    @Test
    void anEmptyFileCanBeStored() throws Exception {
        try (RfioSpool spool = RfioSpool.open(config(dir, MIB));
             SpoolFile file = store(spool, "empty", new byte[0])) {
            assertEquals(0, file.size());
            assertEquals(1, file.adler32()); // ADLER32 of no bytes
            assertTrue(Files.exists(file.path()));
        }
    }

    @Test
    void commitOrWriteAfterCloseIsRefused() throws Exception {
        try (RfioSpool spool = RfioSpool.open(config(dir, MIB))) {
            SpoolWriter writer = spool.allocate(key("x"), 10);
            writer.close();
            writer.close();
            assertFalse(writer.isOpen());
            assertEquals(Status.INVALID_REQUEST, assertThrows(MdmException.class, writer::commit).status());
            assertEquals(0, spool.used());
        }
    }
}
