package org.mdm.se.gridftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * JGlobus's GridFTPClient (Debian's libjglobus-gridftp-java, with the Bouncy Castle it was built
 * for) downloads through the door, in a forked JVM with its own classpath, in stream mode and
 * in extended block mode over several connections.
 */
class JGlobusTest {
    @TempDir
    static Path dir;
    static DoorFixture fixture;
    static byte[] content;

    @BeforeAll
    static void start() throws Exception {
        fixture = new DoorFixture(dir);
        content = Files.readAllBytes(fixture.file("jglobus.bin", 5 * 1024 * 1024 + 11));
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @ParameterizedTest
    @CsvSource({"stream,1,dcau", "stream,1,nodcau", "eblock,4,dcau", "eblock,2,nodcau"})
    void jglobusDownloadsTheFile(String mode, int parallelism, String dcau) throws Exception {
        Path out = dir.resolve("jglobus-" + mode + parallelism + dcau + ".bin");
        GridClients.Run run = GridClients.jglobusGet(fixture.door.port(), DoorFixture.MOUNT + "jglobus.bin", out,
                mode, parallelism, dcau);
        assertTrue(run.ok() && run.output().contains("size=" + content.length), String.join(" ", mode,
                Integer.toString(parallelism), dcau) + ": " + run.output());
        assertArrayEquals(content, Files.readAllBytes(out));
    }
}
