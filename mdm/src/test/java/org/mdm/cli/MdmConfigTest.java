package org.mdm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

class MdmConfigTest {

    @Test
    void defaultsAreExpandedAndComplete() throws MdmException {
        MdmConfig config = MdmConfig.load(null, Map.of());
        assertEquals(System.getProperty("user.home") + "/.mdm/spool", config.get("spool.dir"));
        assertEquals("get", config.get("dicom.retrieve.method"));
        assertEquals(120, config.positiveInt("stage.timeout.seconds"));
        assertFalse(config.get("dicom.calling.aet").isEmpty());
    }

    @Test
    void fileThenCommandLineOverride(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("site.properties");
        Files.writeString(file, "dicom.calling.aet=SITEAE\nspool.capacity=1G\n");
        MdmConfig config = MdmConfig.load(file, Map.of("spool.capacity", "2G"));
        assertEquals("SITEAE", config.get("dicom.calling.aet"));
        assertEquals("2G", config.get("spool.capacity"));
    }

    @Test
    void unknownKeysAreRefusedWithTheirSource(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("site.properties");
        Files.writeString(file, "spool.capacty=1G\n");
        MdmException e = assertThrows(MdmException.class, () -> MdmConfig.load(file, Map.of()));
        assertEquals(Status.CONFIGURATION_ERROR, e.status());
        assertTrue(e.getMessage().contains("spool.capacty") && e.getMessage().contains(file.toString()),
                e.getMessage());
        e = assertThrows(MdmException.class, () -> MdmConfig.load(null, Map.of("nope", "1")));
        assertTrue(e.getMessage().contains("command line"), e.getMessage());
    }

    @Test
    void missingFileIsAClearError(@TempDir Path dir) {
        MdmException e = assertThrows(MdmException.class,
                () -> MdmConfig.load(dir.resolve("absent.properties"), Map.of()));
        assertTrue(e.getMessage().contains("absent.properties"), e.getMessage());
    }

    @Test
    void sectionStripsThePrefixAndDropsEmptyValues() throws MdmException {
        Map<String, String> dicom = MdmConfig.load(null, Map.of()).section("dicom.");
        assertEquals("MDM", dicom.get("calling.aet"));
        assertFalse(dicom.containsKey("move.servers"), "empty values are left to the backend's defaults");
    }

    @Test
    void badIntegerNamesTheKey() throws MdmException {
        MdmConfig config = MdmConfig.load(null, Map.of("stage.timeout.seconds", "soon"));
        MdmException e = assertThrows(MdmException.class, () -> config.positiveInt("stage.timeout.seconds"));
        assertTrue(e.getMessage().contains("stage.timeout.seconds") && e.getMessage().contains("soon"));
    }
}
