package org.mdm.hydra;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ImageKeyTest {
    @Test
    void generatesThirtyTwoFreshBytes() {
        ImageKey a = ImageKey.generate("id-a");
        ImageKey b = ImageKey.generate("id-b", new SecureRandom());
        assertEquals(32, a.material().length);
        assertFalse(java.util.Arrays.equals(a.material(), b.material()), "two fresh keys are equal");
        assertEquals("id-a", a.keyId());
    }

    @Test
    void toStringNeverShowsMaterial() {
        byte[] material = new byte[32];
        java.util.Arrays.fill(material, (byte) 0xAB);
        ImageKey key = ImageKey.of("1.2.3", material);
        String text = key.toString();
        assertEquals("ImageKey[id=1.2.3]", text);
        assertFalse(text.toLowerCase().contains(HexFormat.of().formatHex(material, 0, 2)));
    }

    @Test
    void destroyZeroesTheMaterialAndForbidsUse() {
        byte[] material = new byte[32];
        new SecureRandom().nextBytes(material);
        ImageKey key = ImageKey.of("k", material);
        byte[] internal = key.materialNoCopy();
        key.destroy();
        assertTrue(key.isDestroyed());
        assertArrayEquals(new byte[32], internal);
        assertThrows(IllegalStateException.class, key::material);
        assertTrue(key.toString().contains("destroyed"));
    }

    @Test
    void materialIsCopiedInAndOut() {
        byte[] material = new byte[32];
        ImageKey key = ImageKey.of("k", material);
        material[0] = 1;
        key.material()[1] = 1;
        assertArrayEquals(new byte[32], key.material());
    }

    @Test
    void rejectsBadMaterialAndKeyIds() {
        assertThrows(IllegalArgumentException.class, () -> ImageKey.of("k", new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> ImageKey.of("", new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> ImageKey.generate("x".repeat(1025)));
        assertEquals(1024, ImageKey.generate("x".repeat(1024)).keyId().length());
    }
}
