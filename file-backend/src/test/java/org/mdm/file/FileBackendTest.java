package org.mdm.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.ServiceLoader;
import java.util.zip.Adler32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.Backend;
import org.mdm.api.BackendContext;
import org.mdm.api.BackendRegistry;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Pfn;
import org.mdm.api.StageRequest;
import org.mdm.api.StageResult;
import org.mdm.api.Status;
import org.mdm.api.seal.Seal;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.spool.SpoolProvider;

/** The file backend found through the SPI, staging into the real rfio spool. */
class FileBackendTest {
    @TempDir
    Path dir;
    private Spool spool;
    private BackendRegistry registry;
    private Path root;

    @BeforeEach
    void open() throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        spool = ServiceLoader.load(SpoolProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals("rfio")).findFirst().orElseThrow()
                .open(Map.of("dir", dir.resolve("spool").toString(), "capacity", "64M", "min.free", "1M"));
        registry = BackendRegistry.load(FileBackendTest.class.getClassLoader());
        Seal noSeal = keyId -> {
            throw new AssertionError("the file backend never seals");
        };
        registry.create("file", "files", Map.of("root", root.toString()), BackendContext.of(spool, noSeal));
    }

    @AfterEach
    void close() {
        registry.close();
        spool.close();
    }

    private StageResult stage(String pfn) throws Exception {
        Pfn parsed = Pfn.parse(pfn);
        Backend backend = registry.backendFor(parsed);
        StageRequest request = StageRequest.of(parsed, GridPrincipal.LOCAL, Duration.ofSeconds(30));
        backend.stage(request);
        return request.await();
    }

    @Test
    void aFileIsCopiedIntoTheSpoolOnceAndThenServedFromIt() throws Exception {
        byte[] bytes = new byte[3_000_001];
        new Random(5).nextBytes(bytes);
        Path file = Files.write(root.resolve("big.bin"), bytes);
        String pfn = "file://" + file.toRealPath();
        StageResult cold = stage(pfn);
        try (SpoolFile f = cold.file()) {
            assertFalse(cold.spoolHit());
            assertArrayEquals(bytes, Files.readAllBytes(f.path()));
            Adler32 adler = new Adler32();
            adler.update(bytes);
            assertEquals(adler.getValue(), f.adler32());
            assertEquals(bytes.length, f.size());
        }
        StageResult warm = stage(pfn);
        try (SpoolFile f = warm.file()) {
            assertTrue(warm.spoolHit());
            assertEquals(bytes.length, f.size());
        }
    }

    @Test
    void pathsOutsideTheRootDotSegmentsAndLinksOutAreRefused() throws Exception {
        Files.writeString(dir.resolve("secret.txt"), "outside");
        Files.createSymbolicLink(root.resolve("link.txt"), dir.resolve("secret.txt"));
        String base = "file://" + root.toRealPath();
        for (String bad : new String[] {"file://" + dir.toRealPath().resolve("secret.txt"),
            base + "/../secret.txt", base + "/./x", base + "/link.txt", "file://host" + root.toRealPath() + "/x"}) {
            MdmException e = assertThrows(MdmException.class, () -> stage(bad), bad);
            assertEquals(Status.INVALID_PATH, e.status(), bad + ": " + e.getMessage());
        }
        assertEquals(0, spool.list().size());
    }

    @Test
    void aMissingFileIsNotFoundNamingIt() throws Exception {
        String pfn = "file://" + root.toRealPath() + "/none.bin";
        MdmException e = assertThrows(MdmException.class, () -> stage(pfn));
        assertEquals(Status.NOT_FOUND, e.status());
        assertTrue(e.getMessage().contains("none.bin"), e.getMessage());
    }

    @Test
    void aMissingRootIsAConfigurationError() {
        MdmException e = assertThrows(MdmException.class, () -> registry.create("file", "other",
                Map.of("root", dir.resolve("nowhere").toString()), BackendContext.of(spool, id -> null)));
        assertEquals(Status.CONFIGURATION_ERROR, e.status());
        assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
    }
}
