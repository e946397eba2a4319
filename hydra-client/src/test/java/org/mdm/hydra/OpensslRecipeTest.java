package org.mdm.hydra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the OpenSSL recipe of SEALED-FORMAT.md, as written there, on files sealed by
 * {@link Sealer}. If the document and the code drift apart, this fails.
 *
 * <p>Test-only exception to "keys never leave memory": the image key is passed in hex to a
 * child process's environment, and the recipe puts derived keys on openssl command lines.
 */
class OpensslRecipeTest {
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");
    private static String recipe;

    @TempDir
    Path dir;

    @BeforeAll
    static void readRecipe() throws IOException {
        if (!Files.isExecutable(OPENSSL)) {
            fail("/usr/bin/openssl is missing: apt-get install openssl (OpenSSL 3 is needed for 'openssl kdf')");
        }
        String doc = Files.readString(Path.of("SEALED-FORMAT.md"));
        int begin = doc.indexOf("<!-- recipe:begin -->");
        int end = doc.indexOf("<!-- recipe:end -->");
        assertTrue(begin >= 0 && end > begin, "SEALED-FORMAT.md has lost its recipe markers");
        String block = doc.substring(begin, end);
        recipe = block.substring(block.indexOf("```sh\n") + 6, block.lastIndexOf("```"));
    }

    @Test
    void recipeDecryptsARandomFileWithANonAsciiKeyId() throws Exception {
        byte[] plain = new byte[100_003];
        new Random(1).nextBytes(plain);
        assertRecipeDecrypts("clé-1.2.826.0.1.3680043", plain);
    }

    @Test
    void recipeDecryptsAnEmptyFile() throws Exception {
        assertRecipeDecrypts("empty", new byte[0]);
    }

    @Test
    void recipeDecryptsTextLongerThanOneCounterBlock() throws Exception {
        assertRecipeDecrypts("t", "MDM sealed file, read by stock openssl.\n".repeat(50).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void recipeRejectsATamperedFile() throws Exception {
        ImageKey key = ImageKey.generate("id");
        Path in = dir.resolve("in");
        Sealer.seal(key, Files.write(dir.resolve("plain"), new byte[1000]), in);
        byte[] sealed = Files.readAllBytes(in);
        sealed[500] ^= 4;
        Files.write(in, sealed);
        Result r = runRecipe(key, in, dir.resolve("out"));
        assertNotEquals(0, r.exit, r.stderr);
        assertTrue(r.stderr.contains("tag mismatch"), r.stderr);
    }

    private void assertRecipeDecrypts(String keyId, byte[] plain) throws Exception {
        ImageKey key = ImageKey.generate(keyId);
        Path in = dir.resolve("sealed");
        Sealer.seal(key, Files.write(dir.resolve("plain"), plain), in);
        Path out = dir.resolve("decrypted");
        Result r = runRecipe(key, in, out);
        assertEquals(0, r.exit, "recipe failed: " + r.stderr);
        assertArrayEquals(plain, Files.readAllBytes(out), "openssl's plaintext differs; stderr: " + r.stderr);
        if (plain.length > 0) {
            assertFalse(java.util.Arrays.equals(plain, Files.readAllBytes(in)));
        }
    }

    private record Result(int exit, String stderr) {
    }

    private Result runRecipe(ImageKey key, Path in, Path out) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -euo pipefail\n" + recipe);
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("KEY", HexFormat.of().formatHex(key.material()));
        pb.environment().put("IN", in.toString());
        pb.environment().put("OUT", out.toString());
        Path err = dir.resolve("stderr.txt");
        pb.redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("openssl recipe did not finish in 60 s");
        }
        return new Result(p.exitValue(), Files.readString(err));
    }
}
