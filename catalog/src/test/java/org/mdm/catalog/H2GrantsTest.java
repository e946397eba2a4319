package org.mdm.catalog;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2GrantsTest extends GrantsContract {
    @TempDir
    Path dir;
    private int databases;

    @Override
    CatalogDatabase database() throws Exception {
        return CatalogDatabase.openH2(dir.resolve("db" + ++databases));
    }
}
