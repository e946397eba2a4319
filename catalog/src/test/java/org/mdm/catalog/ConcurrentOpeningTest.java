package org.mdm.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes opening one new embedded catalogue at the same moment (`mdm serve` and
 * `mdm register` started together): every one opens it and sees one schema. Before openers took
 * turns, about half of four such processes failed on H2's lock file.
 */
class ConcurrentOpeningTest {
    private static final int PROCESSES = 4;
    private static final int ROUNDS = 3;

    @Test
    void processesOpeningOneNewCatalogueTogetherAllOpenIt(@TempDir Path dir) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Path db = dir.resolve("db" + round);
            List<Process> openers = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                openers.add(start(db, dir.resolve("out-" + round + "-" + i)));
            }
            try {
                for (int i = 0; i < PROCESSES; i++) {
                    Process p = openers.get(i);
                    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "opener " + i + " ended");
                    String out = Files.readString(dir.resolve("out-" + round + "-" + i), StandardCharsets.UTF_8);
                    assertEquals(0, p.exitValue(), "round " + round + ", opener " + i + ": " + out);
                    assertTrue(out.contains("migrations=" + migrations()), out);
                }
            } finally {
                for (Process p : openers) { // a failed round leaves no process writing into the temporary directory
                    p.destroyForcibly().waitFor();
                }
            }
        }
    }

    private static long migrations() throws IOException {
        try (var files = Files.list(Path.of("src/main/resources/org/mdm/catalog/migration"))) {
            return files.filter(f -> f.getFileName().toString().startsWith("V")).count();
        }
    }

    private static Process start(Path db, Path out) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Opener.class.getName(), db.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    /** One process: opens the catalogue, works in it a little, and says how many migrations it sees. */
    public static final class Opener {
        public static void main(String[] args) throws Exception {
            try (CatalogDatabase db = CatalogDatabase.openH2(Path.of(args[0]))) {
                long seen = 0;
                for (int i = 0; i < 10; i++) {
                    seen = db.inTransaction(c -> {
                        try (ResultSet r = c.createStatement().executeQuery(
                                "SELECT COUNT(*) FROM \"flyway_schema_history\" WHERE \"success\" AND \"type\" = 'SQL'")) {
                            r.next();
                            return r.getLong(1);
                        }
                    });
                }
                System.out.println("migrations=" + seen);
            }
        }
    }
}
