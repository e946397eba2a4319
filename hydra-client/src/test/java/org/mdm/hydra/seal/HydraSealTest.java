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
}
