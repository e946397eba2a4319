package org.mdm.catalog.query;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.mdm.catalog.CatalogDatabase;

/** The metadata queries on the embedded H2 database. */
class H2MetadataQueryTest extends MetadataQueryContract {
    private Path dir;

    @Override
    CatalogDatabase openDatabase() throws Exception {
        dir = Files.createTempDirectory("mdm-mdquery-");
        return CatalogDatabase.openH2(dir.resolve("db"));
    }

    @Override
    String integers(int from, int to) {
        return "SYSTEM_RANGE(" + from + ", " + to + ")";
    }

    @Override
    void stopServer() throws Exception {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
