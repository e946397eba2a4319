package org.mdm.se.md;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.catalog.CatalogDatabase;

class H2MetadataServiceTest extends MetadataServiceContract {
    @TempDir
    Path dir;
    private int databases;

    @Override
    CatalogDatabase database() throws Exception {
        return CatalogDatabase.openH2(dir.resolve("db" + ++databases));
    }
}
