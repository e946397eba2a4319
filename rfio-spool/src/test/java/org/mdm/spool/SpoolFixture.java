package org.mdm.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Adler32;
import org.mdm.api.MdmException;
import org.mdm.api.spool.SpoolFile;
import org.mdm.api.spool.SpoolKey;
import org.mdm.api.spool.SpoolWriter;

/** Helpers shared by the spool tests: content, checksums, and what is on disk. */
final class SpoolFixture {
    private SpoolFixture() {
    }

    static SpoolConfig config(Path dir, long capacity) {
        return new SpoolConfig(dir, capacity, 0);
    }

    static SpoolKey key(String value) {
        return new SpoolKey(value);
    }

    static byte[] content(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static long adler32(byte[] bytes) {
        Adler32 a = new Adler32();
        a.update(bytes);
        return a.getValue();
    }

    static long adler32Of(Path file) throws IOException {
        return adler32(Files.readAllBytes(file));
    }

    /** Writes {@code content} in chunks under {@code key}, reserving {@code reserve} bytes, and commits. */
    static SpoolFile store(RfioSpool spool, String key, byte[] content, long reserve) throws MdmException, IOException {
        try (SpoolWriter writer = spool.allocate(key(key), reserve)) {
            writeAll(writer, content);
            return writer.commit();
        }
    }

    static SpoolFile store(RfioSpool spool, String key, byte[] content) throws MdmException, IOException {
        return store(spool, key, content, content.length);
    }

    static void writeAll(SpoolWriter writer, byte[] content) throws IOException {
        for (int off = 0; off < content.length; off += 4096) {
            ByteBuffer chunk = ByteBuffer.wrap(content, off, Math.min(4096, content.length - off));
            while (chunk.hasRemaining()) {
                writer.write(chunk);
            }
        }
    }

    /** The names in the temporary area. */
    static List<String> temps(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve(".tmp"))) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    /** The names in the spool directory besides the temporary area and the lock. */
    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals(".tmp") && !n.equals(".lock")).sorted().toList();
        }
    }

    static long allocatedBytes(Path file) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
        String[] out = new String(stat.getInputStream().readAllBytes()).trim().split(" ");
        stat.waitFor();
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }
}
