package org.mdm.api;

/** Checksum formatting shared by backends and doors, so every door prints the same string. */
public final class Checksums {
    private Checksums() {
    }

    /** An ADLER32 value as the 8-digit, zero-padded, lower-case hex string clients compare. */
    public static String adler32Hex(long value) {
        return String.format("%08x", value & 0xFFFF_FFFFL);
    }
}
