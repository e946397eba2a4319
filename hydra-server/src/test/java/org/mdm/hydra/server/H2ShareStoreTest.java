package org.mdm.hydra.server;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The share-store contract on embedded H2 (the default backend). */
class H2ShareStoreTest extends ShareStoreContract {
    @TempDir
    Path dir;

    @Override
    JdbcShareStore openFresh() throws Exception {
        return JdbcShareStore.openH2(dir.resolve("db"));
    }

    @Override
    JdbcShareStore reopen() throws Exception {
        return JdbcShareStore.openH2(dir.resolve("db"));
    }
}
