package org.mdm.dicom.deid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** dicom3tools' IOD verifier finds no error in the output that it did not find in the input. */
class DciodvfyTest {
    private static final Path DCIODVFY = Path.of("/usr/bin/dciodvfy");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm", "MR_small_bigendian.dcm", "image_dfl.dcm",
        "00191113.dcm", "0051.dcm", "test-SR.dcm", "rtplan.dcm"})
    void noNewIodErrors(String sample) throws Exception {
        if (!Files.isExecutable(DCIODVFY)) {
            fail(DCIODVFY + " is missing: run 'apt-get install dicom3tools'");
        }
        Path out = dir.resolve("deid.dcm");
        Files.write(out, Fixtures.run(Samples.bytes(sample), DeidOptions.DEFAULT, Fixtures.SECRET).output());
        Set<String> added = errors(out);
        added.removeAll(errors(Samples.path(sample)));
        assertEquals(Set.of(), added, sample);
    }

    private Set<String> errors(Path file) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "dciodvfy", ".txt");
        Process process = new ProcessBuilder(DCIODVFY.toString(), file.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("dciodvfy did not finish within 60 s on " + file);
        }
        Set<String> errors = new TreeSet<>();
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("Error")) {
                // The same error names the replaced UID in the output; compare messages, not UIDs.
                errors.add(line.replaceAll("[0-9]+(\\.[0-9]+)+", "<uid>"));
            }
        }
        return errors;
    }
}
