package org.mdm.hydra.seal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.seal.SealingKey;
import org.mdm.hydra.ImageKey;
import org.mdm.hydra.Unsealer;

/** HydraSeal over an in-memory key source (the key servers are tested in hydra-server and integration-tests). */
class HydraSealTest {
    private static final String SITE = "/C=ORG/O=MDM test/CN=localhost";

    @TempDir
    Path dir;

    @Test
    void sealsDeterministicallyWithTheKeyAndAsksTheSourceOncePerKey() throws Exception {
        ImageKey key = ImageKey.generate("2.25.42");
        AtomicInteger fetches = new AtomicInteger();
        KeySource source = id -> {
            fetches.incrementAndGet();
            return ImageKey.of(id, key.material());
        };
        byte[] plain = new byte[70_001];
        new Random(3).nextBytes(plain);
        try (HydraSeal seal = HydraSeal.over(source, SITE, 8, Duration.ofSeconds(60))) {
            byte[] first = sealWith(seal, "2.25.42", plain);
            byte[] second = sealWith(seal, "2.25.42", plain);
            assertArrayEquals(first, second, "same key and plaintext, same bytes");
            assertEquals(1, fetches.get(), "the second use came from the cache");
            Path sealed = Files.write(dir.resolve("s"), first);
            Unsealer.unseal(key, sealed, dir.resolve("p"));
            assertArrayEquals(plain, Files.readAllBytes(dir.resolve("p")));
        }
    }

    private static byte[] sealWith(HydraSeal seal, String id, byte[] plain) throws MdmException {
        try (SealingKey k = seal.open(id)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.wrap(plain).asReadOnlyBuffer();
            k.seal(buffer, out);
            assertEquals(plain.length, buffer.remaining(), "the caller's buffer position is untouched");
            assertEquals(k.sealedLength(plain.length), out.size());
            return out.toByteArray();
        }
    }

    @Test
    void aMissingKeySaysHowToRegisterItAndGrantTheSite() {
        KeySource none = id -> {
            throw new MdmException(Status.NOT_FOUND, "cannot fetch key " + id + ": 0 of 3 servers gave a share");
        };
        try (HydraSeal seal = HydraSeal.over(none, SITE, 8, Duration.ofSeconds(60))) {
            MdmException e = assertThrows(MdmException.class, () -> seal.open("2.25.7"));
            assertEquals(Status.NOT_FOUND, e.status());
            assertTrue(e.getMessage().contains("mdm eds register 2.25.7"), e.getMessage());
            assertTrue(e.getMessage().contains("dn:" + SITE + ":read"), e.getMessage());
        }
    }

    @Test
    void aDeniedKeySaysWhoMustGrantWhat() {
        KeySource denied = id -> {
            throw new MdmException(Status.AUTHORIZATION_FAILURE, "denied by 3 servers");
        };
        try (HydraSeal seal = HydraSeal.over(denied, SITE, 8, Duration.ofSeconds(60))) {
            MdmException e = assertThrows(MdmException.class, () -> seal.open("2.25.7"));
            assertEquals(Status.AUTHORIZATION_FAILURE, e.status());
            assertTrue(e.getMessage().contains("mdm eds setacl 2.25.7 'dn:" + SITE + ":read'"), e.getMessage());
        }
    }

    @Test
    void aBadKeyIdIsRefusedBeforeAnyServerIsAsked() {
        KeySource never = id -> {
            throw new AssertionError("asked for " + id);
        };
        try (HydraSeal seal = HydraSeal.over(never, SITE, 8, Duration.ofSeconds(60))) {
            MdmException e = assertThrows(MdmException.class, () -> seal.open("../etc/passwd"));
            assertEquals(Status.INVALID_REQUEST, e.status());
        }
    }

    /** A source that counts single fetches and bulk fetches; the key of an id is derived from it. */
    private static final class CountingSource implements KeySource {
        final AtomicInteger singles = new AtomicInteger();
        final java.util.List<Integer> bulkSizes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        @Override
        public ImageKey fetch(String keyId) throws MdmException {
            singles.incrementAndGet();
            if (keyId.startsWith("denied")) {
                throw new MdmException(Status.AUTHORIZATION_FAILURE, "no read on " + keyId);
            }
            return ImageKey.of(keyId, material(keyId));
        }

        @Override
        public java.util.Map<String, org.mdm.hydra.keyserver.KeyOutcome<ImageKey>> fetchAll(
                java.util.Collection<String> keyIds) {
            bulkSizes.add(keyIds.size());
            java.util.Map<String, org.mdm.hydra.keyserver.KeyOutcome<ImageKey>> out = new java.util.LinkedHashMap<>();
            for (String id : keyIds) {
                out.put(id, id.startsWith("denied") ? org.mdm.hydra.keyserver.KeyOutcome.failed(id,
                        new MdmException(Status.AUTHORIZATION_FAILURE, "no read on " + id))
                        : org.mdm.hydra.keyserver.KeyOutcome.ok(id, ImageKey.of(id, material(id))));
            }
            return out;
        }

        static byte[] material(String id) {
            byte[] m = new byte[ImageKey.LENGTH];
            new Random(id.hashCode()).nextBytes(m);
            return m;
        }
    }

    @Test
    void prefetchedKeysAreReadInChunksAndOpenedFromTheCache() throws Exception {
        CountingSource source = new CountingSource();
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 250; i++) {
            ids.add("2.25." + i);
        }
        ids.add("denied.1");
        try (HydraSeal seal = HydraSeal.over(source, SITE, 1024, Duration.ofSeconds(60))) {
            seal.prefetch(ids);
            byte[] plain = {1, 2, 3};
            for (String id : ids.subList(0, 250)) {
                Path sealed = Files.write(dir.resolve("s"), sealWith(seal, id, plain));
                Unsealer.unseal(ImageKey.of(id, CountingSource.material(id)), sealed, dir.resolve("p"));
                assertArrayEquals(plain, Files.readAllBytes(dir.resolve("p")));
            }
            assertEquals(0, source.singles.get(), "every open found its key prefetched");
            assertEquals(java.util.List.of(100, 100, 51), source.bulkSizes.stream().sorted(
                    java.util.Comparator.reverseOrder()).toList());
            MdmException e = assertThrows(MdmException.class, () -> seal.open("denied.1"));
            assertEquals(Status.AUTHORIZATION_FAILURE, e.status());
            assertEquals(1, source.singles.get(), "a key the prefetch could not get is fetched alone for its error");
            seal.prefetch(ids.subList(0, 10));
            assertEquals(3, source.bulkSizes.size(), "cached keys are not fetched again");
        }
    }

    @Test
    void nothingIsPrefetchedWhenTheCacheKeepsNothing() throws Exception {
        CountingSource source = new CountingSource();
        try (HydraSeal seal = HydraSeal.over(source, SITE, 16, Duration.ZERO)) {
            seal.prefetch(java.util.List.of("2.25.1", "2.25.2"));
            seal.open("2.25.1").close();
            assertEquals(java.util.List.of(), source.bulkSizes);
            assertEquals(1, source.singles.get());
        }
    }
}
