package org.mdm.se.gridftp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    private static final String[] JARS = {"jglobus-gridftp.jar", "jglobus-ssl-proxies.jar", "jglobus-jsse.jar", "jglobus-gss.jar",
        "bcprov.jar", "commons-codec.jar", "commons-io.jar", "commons-logging.jar", "log4j-1.2.jar"};

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

    static String classpath() {
        List<String> cp = new ArrayList<>();
        for (String jar : JARS) {
            Path p = Path.of("/usr/share/java", jar);
            if (!Files.isRegularFile(p)) {
                fail(p + " is missing: apt-get install libjglobus-gridftp-java libjglobus-gss-java (bin/mdm test installs it)");
            }
            cp.add(p.toString());
        }
        return String.join(":", cp);
    }

    @ParameterizedTest
    @CsvSource({"stream,1,dcau", "stream,1,nodcau", "eblock,4,dcau", "eblock,2,nodcau"})
    void jglobusDownloadsTheFile(String mode, int parallelism, String dcau) throws Exception {
        Path out = dir.resolve("jglobus-" + mode + parallelism + dcau + ".bin");
        Path source = Path.of(JGlobusTest.class.getResource("/jglobus/JGlobusGet.java").toURI());
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath(), "-DX509_CERT_DIR=" + DoorFixture.PKI.certDir(), source.toString(),
                "localhost", Integer.toString(fixture.door.port()), DoorFixture.MOUNT + "jglobus.bin",
                out.toString(), mode, Integer.toString(parallelism), dcau);
        GridClients.Run run = GridClients.run(cmd, DoorFixture.PKI.proxy());
        assertTrue(run.ok() && run.output().contains("size=" + content.length), String.join(" ", mode,
                Integer.toString(parallelism), dcau) + ": " + run.output());
        assertArrayEquals(content, Files.readAllBytes(out));
    }
}
