package org.mdm.se;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.BackendRegistry;
import org.mdm.api.GridPrincipal;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolProvider;
import org.mdm.se.gridftp.FakeNameSpace;

/**
 * How the access list, the name space and template mounts combine: se.access is a gate in front
 * of everything; the catalogue answers registered paths; a mount's template answers only paths
 * the catalogue does not know, and only when the mount opted in.
 */
class StorageElementNameSpaceTest {
    private static final GridPrincipal ANN = new GridPrincipal("/C=FR/CN=Ann", List.of("/biomed"));
    private static final GridPrincipal BOB = new GridPrincipal("/C=FR/CN=Bob", List.of("/biomed"));
    private static final GridPrincipal EVE = new GridPrincipal("/C=FR/CN=Eve", List.of("/atlas"));
    private static final String SERIES = "/ns/2.25.1/2.25.2";

    @TempDir
    Path dir;

    private StorageElement se(Spool spool, Map<String, String> extraMounts) throws MdmException {
        FakeNameSpace names = new FakeNameSpace();
        Set<String> readers = Set.of(ANN.dn(), EVE.dn());
        for (String d : List.of("/", "/ns", "/ns/2.25.1", SERIES)) {
            names.directory(d, readers);
        }
        names.file(SERIES + "/2.25.3", 42, 7, "file:///srv/a.bin", readers);
        Map<String, String> mounts = new java.util.HashMap<>(Map.of("ns.path", "/ns/", "ns.pfn", "file:///srv/{name}",
                "pub.path", "/pub/", "pub.pfn", "file:///srv/pub/{a}/{b}", "pub.template", "true"));
        mounts.putAll(extraMounts);
        return new StorageElement(MountTable.fromConfig(mounts), AccessList.of(List.of("vo:biomed")), names, spool,
                BackendRegistry.load(getClass().getClassLoader()), Duration.ofSeconds(5));
    }

    private Spool spool() throws MdmException {
        return ServiceLoader.load(SpoolProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.type().equals("rfio")).findFirst().orElseThrow()
                .open(Map.of("dir", dir.resolve("spool").toString(), "capacity", "1M", "min.free", "1M"));
    }

    @Test
    void theAccessListGatesTheCatalogueAndTheCatalogueDecidesBehindIt() throws Exception {
        try (Spool spool = spool()) {
            StorageElement se = se(spool, Map.of());
            assertEquals(42, se.stat(SERIES + "/2.25.3", ANN).size(), "registered: the catalogue's facts");
            assertEquals(List.of(SERIES + "/2.25.3"), se.list(SERIES, ANN).stream().map(f -> f.path()).toList());
            assertTrue(se.isDirectory(SERIES, ANN));
            MdmException gate = assertThrows(MdmException.class, () -> se.stat(SERIES + "/2.25.3", EVE));
            assertEquals(Status.AUTHORIZATION_FAILURE, gate.status(), "the ACL allows Eve, se.access does not");
            assertTrue(gate.getMessage().contains("se.access"), gate.getMessage());
            assertEquals(Status.AUTHORIZATION_FAILURE, assertThrows(MdmException.class,
                    () -> se.stat(SERIES + "/2.25.3", BOB)).status(), "se.access allows Bob, the ACL does not");
            assertTrue(spool.list().isEmpty(), "nothing staged");
        }
    }

    @Test
    void templatesServeOnlyUnregisteredPathsOfMountsThatOptIn() throws Exception {
        try (Spool spool = spool()) {
            StorageElement se = se(spool, Map.of());
            MdmException unregistered = assertThrows(MdmException.class, () -> se.stat("/ns/a.bin", ANN));
            assertEquals(Status.NOT_FOUND, unregistered.status(), "under a mount without the opt-in");
            assertEquals(Status.NOT_FOUND, assertThrows(MdmException.class, () -> se.resolve("/ns/a.bin", ANN))
                    .status());
            assertFalse(se.isDirectory("/ns/a.bin", ANN));
            assertTrue(se.isDirectory("/pub/x", ANN), "a level of a template mount");
            assertEquals(Status.NOT_SUPPORTED, assertThrows(MdmException.class, () -> se.list("/pub/x", ANN))
                    .status(), "its names are the backend's: no listing");
            assertEquals(Status.NOT_FOUND, assertThrows(MdmException.class, () -> se.stat("/elsewhere", ANN))
                    .status());

            StorageElement optedIn = se(spool, Map.of("ns.template", "true"));
            assertTrue(optedIn.isDirectory(SERIES, ANN), "registered paths still come from the catalogue");
            assertEquals(42, optedIn.stat(SERIES + "/2.25.3", ANN).size());
            assertEquals(Status.NOT_SUPPORTED, assertThrows(MdmException.class,
                    () -> optedIn.resolve("/ns/a.bin", ANN)).status(), "now the template names it (no file"
                    + " backend is loaded here, so its PFN is refused as unsupported)");
        }
    }
}
