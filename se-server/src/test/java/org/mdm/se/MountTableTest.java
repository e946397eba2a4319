package org.mdm.se;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

class MountTableTest {
    private static final String TEMPLATE = "dicom://ORTHANC@127.0.0.1:4242/{study}/{series}/{sop}?transform=deid";

    private static MountTable table() throws MdmException {
        return MountTable.fromConfig(Map.of(
                "biomed.path", "/dpm/example.org/home/biomed/mdm/",
                "biomed.pfn", TEMPLATE,
                "raw.path", "/dpm/example.org/home/biomed/mdm/raw",
                "raw.pfn", "file:///srv/mdm/{name}",
                "biomed.template", "true", "raw.template", "true"));
    }

    @Test
    void aPathFillsItsMountsTemplateInOrder() throws MdmException {
        assertEquals("dicom://ORTHANC@127.0.0.1:4242/1.2.3/4.5.6/7.8.9?transform=deid",
                table().resolve("/dpm/example.org/home/biomed/mdm/1.2.3/4.5.6/7.8.9").toString());
    }

    @Test
    void theLongestPrefixWins() throws MdmException {
        assertEquals("file:///srv/mdm/big.bin", table().resolve("/dpm/example.org/home/biomed/mdm/raw/big.bin").toString());
        assertEquals(java.util.List.of("/dpm/example.org/home/biomed/mdm/raw/", "/dpm/example.org/home/biomed/mdm/"),
                table().prefixes());
    }

    @Test
    void aPathUnderNoMountIsNotFoundAndNamesTheMounts() throws MdmException {
        MdmException e = assertThrows(MdmException.class, () -> table().resolve("/etc/passwd"));
        assertEquals(Status.NOT_FOUND, e.status());
        assertTrue(e.getMessage().contains("/etc/passwd") && e.getMessage().contains("/dpm/example.org/home/biomed/mdm/"),
                e.getMessage());
    }

    @Test
    void dotSegmentsEmptySegmentsAndWrongDepthAreRefusedNotNormalised() throws MdmException {
        MountTable t = table();
        for (String bad : new String[] {"/dpm/example.org/home/biomed/mdm/1.2.3/../7.8.9",
            "/dpm/example.org/home/biomed/mdm/1.2.3//7.8.9", "/dpm/example.org/home/biomed/mdm/1.2.3/4.5.6",
            "/dpm/example.org/home/biomed/mdm/1.2.3/4.5.6/7.8.9/x", "/dpm/example.org/home/biomed/mdm/a%2F/b/c",
            "/dpm/example.org/home/biomed/mdm/./4.5.6/7.8.9"}) {
            MdmException e = assertThrows(MdmException.class, () -> t.resolve(bad), bad);
            assertEquals(Status.INVALID_PATH, e.status(), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void badConfigurationNamesTheKey() {
        MdmException relative = assertThrows(MdmException.class,
                () -> MountTable.fromConfig(Map.of("a.path", "dpm/x", "a.pfn", TEMPLATE)));
        assertEquals(Status.CONFIGURATION_ERROR, relative.status());
        assertTrue(relative.getMessage().contains("a.path"), relative.getMessage());
        MdmException half = assertThrows(MdmException.class, () -> MountTable.fromConfig(Map.of("a.path", "/x")));
        assertTrue(half.getMessage().contains("a.pfn"), half.getMessage());
        MdmException noPlaceholder = assertThrows(MdmException.class,
                () -> MountTable.fromConfig(Map.of("a.path", "/x", "a.pfn", "file:///srv/one")));
        assertTrue(noPlaceholder.getMessage().contains("placeholder"), noPlaceholder.getMessage());
        MdmException twice = assertThrows(MdmException.class, () -> MountTable.fromConfig(Map.of(
                "a.path", "/x/", "a.pfn", TEMPLATE, "b.path", "/x", "b.pfn", TEMPLATE)));
        assertTrue(twice.getMessage().contains("/x/"), twice.getMessage());
        MdmException unknown = assertThrows(MdmException.class, () -> MountTable.fromConfig(Map.of("a.root", "/x")));
        assertTrue(unknown.getMessage().contains("a.root"), unknown.getMessage());
    }

    @Test
    void directoriesAreMountPointsTheirParentsAndLevelsAboveTheFiles() throws MdmException {
        MountTable t = table();
        for (String dir : new String[] {"/", "/dpm", "/dpm/example.org/home/", "/dpm/example.org/home/biomed/mdm",
            "/dpm/example.org/home/biomed/mdm/1.2.3", "/dpm/example.org/home/biomed/mdm/1.2.3/4.5.6/"}) {
            assertTrue(t.isDirectory(dir), dir);
        }
        for (String file : new String[] {"/dpm/example.org/home/biomed/mdm/1.2.3/4.5.6/7.8.9", "/elsewhere",
            "/dpm/example.org/home/biomed/mdm/raw/x.bin", "/dpm/example.org/home/biomed/mdm//4.5.6"}) {
            org.junit.jupiter.api.Assertions.assertFalse(t.isDirectory(file), file);
        }
    }

    @Test
    void templateAccessIsAnOptInPerMountOffByDefault() throws MdmException {
        MountTable t = MountTable.fromConfig(Map.of("biomed.path", "/dpm/example.org/home/biomed/mdm/",
                "biomed.pfn", TEMPLATE, "raw.path", "/raw/", "raw.pfn", "file:///srv/mdm/{name}",
                "raw.template", "TRUE"));
        assertFalse(t.templateAccess("/dpm/example.org/home/biomed/mdm/1.2.3/4.5.6/7.8.9"));
        assertFalse(t.isDirectory("/dpm/example.org/home/biomed/mdm/1.2.3"), "the catalogue has those directories");
        assertTrue(t.templateAccess("/raw/x.bin"));
        assertTrue(t.isDirectory("/raw/"));
        assertEquals("dicom://ORTHANC@127.0.0.1:4242/1.2.3/4.5.6/7.8.9?transform=deid",
                t.resolve("/dpm/example.org/home/biomed/mdm/1.2.3/4.5.6/7.8.9").toString(),
                "the template itself stays (registration's PFNs follow it)");
        MdmException bad = assertThrows(MdmException.class, () -> MountTable.fromConfig(Map.of("a.path", "/x",
                "a.pfn", TEMPLATE, "a.template", "yes")));
        assertEquals(Status.CONFIGURATION_ERROR, bad.status());
        assertTrue(bad.getMessage().contains("a.template"), bad.getMessage());
    }
}
