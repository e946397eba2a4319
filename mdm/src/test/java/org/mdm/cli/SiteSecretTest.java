package org.mdm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteSecretTest {

    @Test
    void concurrentFirstUsesAgreeOnOneWholeOwnerOnlySecret(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("state").resolve("deid.secret");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<byte[]>> seen = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                seen.add(pool.submit(() -> {
                    start.await();
                    SiteSecret.ensure(secret, new java.io.PrintWriter(java.io.Writer.nullWriter()));
                    return Files.readAllBytes(secret);
                }));
            }
            start.countDown();
            byte[] first = seen.get(0).get(10, TimeUnit.SECONDS);
            assertEquals(64, first.length, "nobody saw a partly written secret");
            for (Future<byte[]> f : seen) {
                assertEquals(java.util.HexFormat.of().formatHex(first),
                        java.util.HexFormat.of().formatHex(f.get(10, TimeUnit.SECONDS)));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret.getParent())));
        try (Stream<Path> files = Files.list(secret.getParent())) {
            assertEquals(List.of(secret), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void anExistingSecretIsKept(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("deid.secret");
        Files.write(secret, new byte[] {1, 2, 3});
        SiteSecret.ensure(secret, new java.io.PrintWriter(java.io.Writer.nullWriter()));
        assertEquals(3, Files.size(secret));
    }
}
