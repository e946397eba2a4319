package org.mdm.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolProvider;

class RfioSpoolProviderTest {
    @TempDir
    Path dir;

    private static SpoolProvider rfio() {
        return ServiceLoader.load(SpoolProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals("rfio")).findFirst().orElseThrow();
    }

    @Test
    void isFoundByServiceLoaderWithItsKeys() {
        SpoolProvider provider = rfio();
        assertInstanceOf(RfioSpoolProvider.class, provider);
        assertEquals(Set.of("dir", "capacity", "min.free"), provider.configKeys());
    }

    @Test
    void defaultsToTenGigabytes() throws MdmException {
        Path spoolDir = dir.resolve("spool");
        try (Spool spool = rfio().open(Map.of("dir", spoolDir.toString()))) {
            assertEquals(10L << 30, spool.capacity());
            assertEquals(0, spool.used());
            assertTrue(Files.isDirectory(spoolDir));
        }
        assertEquals(1L << 30, SpoolConfig.parse(Map.of("dir", "x")).minFree());
    }

    @ParameterizedTest
    @CsvSource({"512, 512", "512K, 524288", "3M, 3145728", "10G, 10737418240", "2T, 2199023255552",
                "1g, 1073741824", "' 7K ', 7168"})
    void sizesAcceptBinarySuffixes(String value, long bytes) throws MdmException {
        SpoolConfig config = SpoolConfig.parse(Map.of("dir", dir.toString(), "capacity", value, "min.free", value));
        assertEquals(bytes, config.capacity());
        assertEquals(bytes, config.minFree());
    }

    @ParameterizedTest
    @CsvSource({"capacity, ten", "capacity, -1", "capacity, 5X", "capacity, 0", "capacity, 99999999999T",
                "capacity, ''", "min.free, 1.5G", "min.free, G"})
    void badSizesAreConfigurationErrorsNamingKeyAndValue(String key, String value) {
        MdmException e = assertThrows(MdmException.class,
                () -> rfio().open(Map.of("dir", dir.toString(), key, value)));
        assertEquals(Status.CONFIGURATION_ERROR, e.status());
        assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
    }

    @Test
    void dirIsRequired() {
        MdmException e = assertThrows(MdmException.class, () -> rfio().open(Map.of("capacity", "1G")));
        assertEquals(Status.CONFIGURATION_ERROR, e.status());
        assertTrue(e.getMessage().contains("'dir'"), e.getMessage());
    }

    @Test
    void unknownKeysAreRejected() {
        MdmException e = assertThrows(MdmException.class,
                () -> rfio().open(Map.of("dir", dir.toString(), "capacty", "1G")));
        assertEquals(Status.CONFIGURATION_ERROR, e.status());
        assertTrue(e.getMessage().contains("capacty"), e.getMessage());
    }

    @Test
    void aDirThatCannotBeCreatedIsAConfigurationError() throws Exception {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        MdmException e = assertThrows(MdmException.class,
                () -> rfio().open(Map.of("dir", file.resolve("spool").toString())));
        assertEquals(Status.CONFIGURATION_ERROR, e.status());
        assertTrue(e.getMessage().contains("plain-file"), e.getMessage());
    }
}
