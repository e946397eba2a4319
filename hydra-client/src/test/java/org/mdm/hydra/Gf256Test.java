package org.mdm.hydra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class Gf256Test {
    @Test
    void tableMultiplicationMatchesShiftAndAddForEveryPair() {
        for (int a = 0; a < 256; a++) {
            for (int b = 0; b < 256; b++) {
                assertEquals(Gf256.multiplySlow(a, b), Gf256.mul(a, b), "mul(" + a + ", " + b + ")");
            }
        }
    }

    @Test
    void knownAesProduct() {
        // FIPS-197 section 4.2: {57} x {83} = {c1}.
        assertEquals(0xC1, Gf256.mul(0x57, 0x83));
    }

    @Test
    void divisionInvertsMultiplication() {
        for (int a = 0; a < 256; a++) {
            for (int b = 1; b < 256; b++) {
                assertEquals(a, Gf256.div(Gf256.mul(a, b), b), "(" + a + " * " + b + ") / " + b);
            }
        }
        assertThrows(ArithmeticException.class, () -> Gf256.div(1, 0));
    }
}
