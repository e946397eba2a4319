package org.mdm.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mdm.spool.SpoolFixture.adler32;
import static org.mdm.spool.SpoolFixture.adler32Of;
import static org.mdm.spool.SpoolFixture.config;
import static org.mdm.spool.SpoolFixture.content;
import static org.mdm.spool.SpoolFixture.files;
import static org.mdm.spool.SpoolFixture.key;
import static org.mdm.spool.SpoolFixture.temps;
import static org.mdm.spool.SpoolFixture.writeAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.SpoolEntry;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.spool.SpoolWriter;

class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int OPERATIONS = 400;
    private static final int KEYS = 24;
    private static final long CAPACITY = 64 * 1024;

    @TempDir
    Path dir;
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();

    @Test
    @Timeout(120)
    void manyThreadsKeepTheSpoolConsistent() throws Exception {
        try (RfioSpool spool = RfioSpool.open(config(dir, CAPACITY))) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = t;
                done.add(pool.submit(() -> {
                    run(spool, new Random(seed));
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(); // rethrows anything unexpected
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
            assertEquals(List.of(), List.copyOf(violations));
            assertTrue(commits.get() > 100 && reads.get() > 100, "too little happened: "
                    + commits + " commits, " + reads + " reads");
            checkAtRest(spool);
        }
    }

    private void run(RfioSpool spool, Random random) throws Exception {
        for (int i = 0; i < OPERATIONS; i++) {
            String k = "k" + random.nextInt(KEYS);
            int dice = random.nextInt(100);
            if (dice < 45) {
                write(spool, k, random);
            } else if (dice < 85) {
                read(spool, k);
            } else {
                evict(spool, k);
            }
            if (spool.used() > spool.capacity()) {
                violations.add("used " + spool.used() + " > capacity");
            }
        }
    }

    private void write(RfioSpool spool, String k, Random random) throws IOException {
        byte[] data = content(1 + random.nextInt(8192), random.nextLong());
        // sometimes under-reserve to exercise growth, sometimes abandon the write
        long reserve = random.nextInt(4) == 0 ? data.length / 2 : data.length;
        boolean abandon = random.nextInt(10) == 0;
        try (SpoolWriter writer = spool.allocate(key(k), reserve)) {
            writeAll(writer, data);
            if (abandon) {
                return;
            }
            try (SpoolFile file = writer.commit()) {
                commits.incrementAndGet();
                verify(file); // ours, or the one that won the key
            }
        } catch (MdmException e) {
            expect(e, Status.NO_FREE_SPACE);
        } catch (IOException e) {
            if (!(e.getCause() instanceof MdmException m) || m.status() != Status.NO_FREE_SPACE) {
                throw e;
            }
        }
    }

    private void read(RfioSpool spool, String k) throws Exception {
        Optional<SpoolFile> opened = spool.open(key(k));
        if (opened.isPresent()) {
            try (SpoolFile file = opened.get()) {
                reads.incrementAndGet();
                verify(file);
            }
        }
    }

    private void evict(RfioSpool spool, String k) {
        try {
            spool.evict(key(k));
        } catch (MdmException e) {
            expect(e, Status.INVALID_REQUEST);
        }
    }

    private void verify(SpoolFile file) throws IOException {
        byte[] onDisk = Files.readAllBytes(file.path());
        if (onDisk.length != file.size() || adler32(onDisk) != file.adler32()) {
            violations.add("pinned file " + file.key() + " changed under its reader");
        }
    }

    private void expect(MdmException e, Status status) {
        if (e.status() != status) {
            violations.add("unexpected " + e);
        }
    }

    private void checkAtRest(RfioSpool spool) throws IOException {
        List<SpoolEntry> entries = spool.list();
        long total = 0;
        TreeSet<String> expected = new TreeSet<>();
        for (SpoolEntry e : entries) {
            Path data = dir.resolve(e.key().value());
            assertEquals(e.size(), Files.size(data), e.key().value());
            assertEquals(e.adler32(), adler32Of(data), e.key().value());
            assertEquals(0, e.pins(), e.key().value());
            total += e.size();
            expected.add(e.key().value());
            expected.add("." + e.key().value() + ".meta");
        }
        assertEquals(total, spool.used(), "reservations leaked");
        assertTrue(spool.used() <= spool.capacity());
        assertEquals(List.of(), temps(dir));
        assertEquals(List.copyOf(expected), files(dir));
    }
}
