package org.mdm.dicom.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.transform.Transform;
import org.mdm.api.transform.TransformRegistry;

/** Configuration: ServiceLoader discovery, defaults, and refusals that name the key. */
class DeidTransformProviderTest {
    private static final String HEX = HexFormat.of().formatHex(Fixtures.SECRET);
    private final TransformRegistry registry = TransformRegistry.load(getClass().getClassLoader());

    @Test
    void foundByServiceLoaderWithDocumentedDefaults() throws MdmException {
        assertTrue(registry.names().contains("deid"));
        Transform transform = registry.create("deid", Map.of("secret", HEX));
        assertEquals("deid", transform.name());
        assertEquals(DeidOptions.DEFAULT, ((DeidTransform) transform).options());
        assertTrue(DeidOptions.DEFAULT.longitudinalModifiedDates());
    }

    @Test
    void optionsAreRead() throws MdmException {
        DeidTransform transform = (DeidTransform) registry.create("deid", Map.of("secret", HEX,
                "retain.longitudinal.modified.dates", "false", "retain.patient.characteristics", "TRUE",
                "retain.device.identity", "true", "retain.uids", "true", "clean.descriptors", "true",
                "retain.institution.identity", "true"));
        assertEquals(new DeidOptions(false, false, true, true, true, true, true), transform.options());
    }

    private MdmException refused(Map<String, String> config) {
        MdmException e = assertThrows(MdmException.class, () -> registry.create("deid", config));
        assertEquals(Status.CONFIGURATION_ERROR, e.status());
        return e;
    }

    @Test
    void badBooleanNamesTheKey() {
        assertTrue(refused(Map.of("secret", HEX, "retain.uids", "yes")).getMessage().contains("retain.uids"));
    }

    @Test
    void unknownKeyIsRefused() {
        assertTrue(refused(Map.of("secret", HEX, "retain.everything", "true")).getMessage()
                .contains("retain.everything"));
    }

    @Test
    void secretIsRequiredLongEnoughAndHex() {
        assertTrue(refused(Map.of()).getMessage().contains("secret.file"));
        assertTrue(refused(Map.of("secret", "abcd")).getMessage().contains("at least 32"));
        assertTrue(refused(Map.of("secret", "zz" + HEX)).getMessage().contains("'secret'"));
    }

    @Test
    void bothDateOptionsAreRefused() {
        MdmException e = refused(Map.of("secret", HEX, "retain.longitudinal.full.dates", "true"));
        assertTrue(e.getMessage().contains("retain.longitudinal.modified.dates"), e.getMessage());
    }

    @Test
    void secretFileMustBeOwnerOnly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("deid.key");
        Files.write(file, Fixtures.SECRET);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        MdmException e = refused(Map.of("secret.file", file.toString()));
        assertTrue(e.getMessage().contains("chmod 600 " + file), e.getMessage());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertEquals("deid", registry.create("deid", Map.of("secret.file", file.toString())).name());
    }

    @Test
    void shortOrMissingSecretFileIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("short.key");
        Files.write(file, new byte[16]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertTrue(refused(Map.of("secret.file", file.toString())).getMessage().contains("16 bytes"));
        assertTrue(refused(Map.of("secret.file", dir.resolve("none").toString())).getMessage()
                .contains("secret.file"));
    }
}
