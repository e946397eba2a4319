package org.mdm.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mdm.spool.SpoolFixture.config;
import static org.mdm.spool.SpoolFixture.content;
import static org.mdm.spool.SpoolFixture.files;
import static org.mdm.spool.SpoolFixture.key;
import static org.mdm.spool.SpoolFixture.store;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.SpoolEntry;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.spool.SpoolWriter;

class EvictionTest {
    @TempDir
    Path dir;
    private RfioSpool spool;

    /** Three files of 100 bytes in a spool of 300, used in the order a, b, c, then a again. */
    @BeforeEach
    void threeFilesFillTheSpool() throws Exception {
        spool = RfioSpool.open(config(dir, 300));
        for (String k : List.of("a", "b", "c")) {
            store(spool, k, content(100, k.hashCode())).close();
        }
        spool.open(key("a")).orElseThrow().close();
    }

    @Test
    void listIsLeastRecentlyUsedFirst() {
        assertEquals(List.of("b", "c", "a"), keys());
        assertEquals(300, spool.used());
    }

    @Test
    void allocationEvictsTheLeastRecentlyUsedFile() throws Exception {
        store(spool, "d", content(100, 9)).close();
        assertEquals(List.of("c", "a", "d"), keys());
        assertEquals(List.of(".a.meta", ".c.meta", ".d.meta", "a", "c", "d"), files(dir));
        assertEquals(300, spool.used());
    }

    @Test
    void pinnedFilesAreSkipped() throws Exception {
        try (SpoolFile pinned = spool.open(key("b")).orElseThrow()) {
            assertEquals(1, pins(pinned.key().value()));
            spool.open(key("c")).orElseThrow().close();
            spool.open(key("a")).orElseThrow().close();
            assertEquals(List.of("b", "c", "a"), keys()); // b is the least recently used, but pinned
            store(spool, "d", content(150, 9)).close();
            assertEquals(List.of("b", "d"), keys());
        }
    }

    @Test
    void whenEverythingIsPinnedNothingIsEvicted() throws Exception {
        try (SpoolFile a = spool.open(key("a")).orElseThrow();
             SpoolFile b = spool.open(key("b")).orElseThrow();
             SpoolFile c = spool.open(key("c")).orElseThrow()) {
            MdmException e = assertThrows(MdmException.class, () -> spool.allocate(key("d"), 1));
            assertEquals(Status.NO_FREE_SPACE, e.status());
            assertEquals(3, spool.list().size());
            for (SpoolFile f : List.of(a, b, c)) {
                assertTrue(java.nio.file.Files.exists(f.path()), f.key().value());
            }
        }
    }

    @Test
    void evictingAPinnedFileIsRefused() throws Exception {
        SpoolFile b = spool.open(key("b")).orElseThrow();
        MdmException e = assertThrows(MdmException.class, () -> spool.evict(key("b")));
        assertEquals(Status.INVALID_REQUEST, e.status());
        assertTrue(e.getMessage().contains("b"), e.getMessage());
        b.close();
        assertTrue(spool.evict(key("b")));
        assertFalse(spool.evict(key("b")));
        assertFalse(files(dir).contains("b"));
        assertEquals(200, spool.used());
    }

    @Test
    void closingAHandleTwiceUnpinsOnce() throws Exception {
        SpoolFile first = spool.open(key("c")).orElseThrow();
        SpoolFile second = spool.open(key("c")).orElseThrow();
        first.close();
        first.close();
        assertEquals(1, pins("c"));
        assertThrows(MdmException.class, () -> spool.evict(key("c")));
        second.close();
        assertEquals(0, pins("c"));
    }

    @Test
    void reservationsCountAsUsedAndEvict() throws Exception {
        try (SpoolWriter writer = spool.allocate(key("d"), 150)) {
            assertEquals(List.of("a"), keys());
            assertEquals(250, spool.used());
            assertTrue(writer.isOpen());
        }
        assertEquals(100, spool.used());
    }

    @Test
    void aClosedSpoolRefusesWork() {
        spool.close();
        assertThrows(MdmException.class, () -> spool.allocate(key("z"), 1));
        assertThrows(MdmException.class, () -> spool.open(key("a")));
    }

    private List<String> keys() {
        return spool.list().stream().map(e -> e.key().value()).toList();
    }

    private int pins(String key) {
        return spool.list().stream().filter(e -> e.key().value().equals(key)).mapToInt(SpoolEntry::pins)
                .findFirst().orElseThrow();
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        spool.close();
    }
}
