package org.mdm.se.gridftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The real globus-url-copy downloads through the door in each data-channel set-up it uses. */
class GlobusUrlCopyTest {
    @TempDir
    static Path dir;
    static DoorFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = new DoorFixture(dir);
        fixture.file("three-mb.bin", 3 * 1024 * 1024 + 17);
        fixture.file("gc.bin", 32 * 1024 * 1024 + 5);
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-p 1", "-p 4", "-nodcau", "-dcpriv", "-p 4 -nodcau", "-p 3 -dcpriv"})
    void downloadsAFileByteForByte(String options) throws Exception {
        Path out = dir.resolve("out-" + options.replace(" ", "_") + ".bin");
        java.util.List<String> args = new java.util.ArrayList<>();
        args.add("-v");
        if (!options.isEmpty()) {
            args.addAll(java.util.List.of(options.split(" ")));
        }
        args.add(fixture.url("three-mb.bin"));
        args.add("file://" + out);
        GridClients.Run run = GridClients.globusUrlCopy(DoorFixture.PKI.proxy(), args.toArray(String[]::new));
        assertTrue(run.ok(), "globus-url-copy " + options + ": " + run.output());
        assertArrayEquals(Files.readAllBytes(fixture.root.resolve("three-mb.bin")), Files.readAllBytes(out), options);
    }

    /**
     * Collections and finalization while the data flows in clear after a DCAU handshake: the
     * handshake's SSLSocket must stay reachable, or JDK 17 finalizes it and its close_notify
     * lands in the data (stream: extra bytes, exit status 0; MODE E: a bad block header).
     */
    @ParameterizedTest
    @ValueSource(strings = {"", "-p 4"})
    void aGarbageCollectionDuringTheTransferLeavesTheBytesAlone(String options) throws Exception {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread collector = new Thread(() -> {
            while (!stop.get()) {
                System.gc();
                System.runFinalization();
            }
        }, "test-gc");
        collector.setDaemon(true);
        collector.start();
        try {
            for (int i = 0; i < 3; i++) {
                Path out = dir.resolve("gc-" + options.replace(" ", "_") + "-" + i + ".bin");
                java.util.List<String> args = new java.util.ArrayList<>();
                if (!options.isEmpty()) {
                    args.addAll(java.util.List.of(options.split(" ")));
                }
                args.add(fixture.url("gc.bin"));
                args.add("file://" + out);
                GridClients.Run run = GridClients.globusUrlCopy(DoorFixture.PKI.proxy(), args.toArray(String[]::new));
                assertTrue(run.ok(), "globus-url-copy " + options + ": " + run.output());
                assertArrayEquals(Files.readAllBytes(fixture.root.resolve("gc.bin")), Files.readAllBytes(out), options);
                Files.delete(out);
            }
        } finally {
            stop.set(true);
            collector.join();
        }
    }
}
