package org.mdm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class H2CatalogTest extends CatalogContract {
    @TempDir
    Path dir;
    private int databases;

    @Override
    CatalogDatabase database() throws Exception {
        return CatalogDatabase.openH2(dir.resolve("db" + ++databases));
    }

    @Test
    void theEmbeddedDatabaseIsOwnerOnlyAndKeepsItsEntriesAcrossOpens() throws Exception {
        Path db = dir.resolve("kept");
        NameSpace ns = new NameSpace();
        try (CatalogDatabase first = CatalogDatabase.openH2(db)) {
            first.inTransaction(c -> ns.mkdirs(c, NsPath.parse(SERIES), OWNER, "biomed", 0755));
        }
        try (CatalogDatabase again = CatalogDatabase.openH2(db)) { // the migration runs again: a no-op
            assertTrue(again.inTransaction(c -> ns.stat(c, NsPath.parse(SERIES))).isPresent());
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(db)));
        try (Stream<Path> files = Files.list(db)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f.toString());
            }
        }
    }
}
