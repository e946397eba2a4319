package org.mdm.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mdm.spool.SpoolFixture.adler32;
import static org.mdm.spool.SpoolFixture.config;
import static org.mdm.spool.SpoolFixture.content;
import static org.mdm.spool.SpoolFixture.files;
import static org.mdm.spool.SpoolFixture.key;
import static org.mdm.spool.SpoolFixture.store;
import static org.mdm.spool.SpoolFixture.temps;
import static org.mdm.spool.SpoolFixture.writeAll;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.SpoolEntry;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.spool.SpoolWriter;

class RecoveryTest {
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;

    @Test
    void filesSurviveARestartInTheirAccessOrder() throws Exception {
        byte[] a = content(1000, 1);
        byte[] b = content(2000, 2);
        try (RfioSpool spool = RfioSpool.open(config(dir, MIB))) {
            store(spool, "a", a).close();
            store(spool, "b", b).close();
        }
        // a was read most recently: its mtime says so
        Files.setLastModifiedTime(dir.resolve("b"), FileTime.from(Instant.parse("2024-01-01T00:00:00Z")));
        Files.setLastModifiedTime(dir.resolve("a"), FileTime.from(Instant.parse("2024-06-01T00:00:00Z")));
        try (RfioSpool spool = RfioSpool.open(config(dir, MIB))) {
            List<SpoolEntry> list = spool.list();
            assertEquals(List.of("b", "a"), list.stream().map(e -> e.key().value()).toList());
            assertEquals(Instant.parse("2024-01-01T00:00:00Z"), list.get(0).lastAccess());
            assertEquals(3000, spool.used());
            try (SpoolFile file = spool.open(key("a")).orElseThrow()) {
                assertEquals(a.length, file.size());
                assertEquals(adler32(a), file.adler32());
            }
        }
    }

    @Test
    void theChecksumComesFromMetadataNotFromRereadingTheData() throws Exception {
        byte[] data = content(4096, 3);
        try (RfioSpool spool = RfioSpool.open(config(dir, MIB))) {
            store(spool, "img", data).close();
        }
        Files.write(dir.resolve("img"), new byte[4096]); // same size, other bytes
        try (RfioSpool spool = RfioSpool.open(config(dir, MIB))) {
            assertEquals(adler32(data), spool.list().get(0).adler32());
        }
    }

    @Test
    void unfinishedWritesAndOrphansAreRemoved() throws Exception {
        try (RfioSpool spool = RfioSpool.open(config(dir, MIB))) {
            store(spool, "kept", content(100, 4)).close();
            store(spool, "lost-meta", content(100, 5)).close();
            store(spool, "lost-data", content(100, 6)).close();
            store(spool, "bad-meta", content(100, 7)).close();
            store(spool, "torn-meta", content(100, 9)).close();
            SpoolWriter unfinished = spool.allocate(key("crashed"), 100);
            writeAll(unfinished, content(50, 8)); // never committed: the "crash"
        }
        Files.delete(dir.resolve(".lost-meta.meta"));
        Files.delete(dir.resolve("lost-data"));
        Files.writeString(dir.resolve(".bad-meta.meta"), "garbage");
        // a sidecar cut short by a crash (it is not fsynced): complete-looking fields, no end line
        String meta = Files.readString(dir.resolve(".torn-meta.meta"));
        Files.writeString(dir.resolve(".torn-meta.meta"), meta.substring(0, meta.indexOf("end")));
        Files.createDirectory(dir.resolve("lost+found"));
        try (RfioSpool spool = RfioSpool.open(config(dir, MIB))) {
            assertEquals(List.of("kept"), spool.list().stream().map(e -> e.key().value()).toList());
            assertEquals(100, spool.used());
            assertEquals(List.of(), temps(dir));
            assertEquals(List.of(".kept.meta", "kept", "lost+found"), files(dir));
        }
    }

    @Test
    void aSmallerCapacityAfterRestartEvictsTheLeastRecentlyUsed() throws Exception {
        try (RfioSpool spool = RfioSpool.open(config(dir, MIB))) {
            store(spool, "old", content(100, 1)).close();
            store(spool, "new", content(100, 2)).close();
        }
        Files.setLastModifiedTime(dir.resolve("old"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        try (RfioSpool spool = RfioSpool.open(config(dir, 150))) {
            assertEquals(List.of("new"), spool.list().stream().map(e -> e.key().value()).toList());
            assertFalse(Files.exists(dir.resolve("old")));
        }
    }

    @Test
    void openingRecordsTheAccessInTheModificationTime() throws Exception {
        try (RfioSpool spool = RfioSpool.open(config(dir, MIB))) {
            store(spool, "a", content(10, 1)).close();
            Files.setLastModifiedTime(dir.resolve("a"), FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
            spool.open(key("a")).orElseThrow().close();
            assertTrue(Files.getLastModifiedTime(dir.resolve("a")).toInstant()
                    .isAfter(Instant.parse("2021-01-01T00:00:00Z")));
        }
    }

    @Test
    void twoSpoolsCannotShareADirectory() throws Exception {
        try (RfioSpool spool = RfioSpool.open(config(dir, MIB))) {
            assertEquals(MIB, spool.capacity());
            MdmException e = assertThrows(MdmException.class, () -> RfioSpool.open(config(dir, MIB)));
            assertEquals(Status.CONFIGURATION_ERROR, e.status());
            assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        }
        RfioSpool.open(config(dir, MIB)).close(); // free again once the first is closed
    }
}
