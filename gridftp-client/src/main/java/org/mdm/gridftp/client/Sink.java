package org.mdm.gridftp.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * Where downloaded bytes go: in order (stream mode) or at their offsets (MODE E blocks arrive
 * in any order, on several connections at once). Only a file can take offsets.
 */
interface Sink {
    /** Writes all of {@code src} at {@code offset} of the file. */
    void write(ByteBuffer src, long offset) throws IOException;

    /** Whether {@link #write} with arbitrary offsets works (a file, not a pipe). */
    boolean positional();

    /** A file channel; offsets count from its position when the download starts. */
    static Sink of(FileChannel file) throws IOException {
        long base = file.position();
        return new Sink() {
            @Override
            public void write(ByteBuffer src, long offset) throws IOException {
                long at = base + offset;
                while (src.hasRemaining()) {
                    at += file.write(src, at);
                }
            }

            @Override
            public boolean positional() {
                return true;
            }
        };
    }

    /** Any other channel: bytes must come in order (stream mode), which is checked. */
    static Sink of(WritableByteChannel out) {
        return new Sink() {
            private long next;

            @Override
            public synchronized void write(ByteBuffer src, long offset) throws IOException {
                if (offset != next) {
                    throw new IOException("bytes arrived out of order (at " + offset + ", expected " + next + ")");
                }
                while (src.hasRemaining()) {
                    next += out.write(src);
                }
            }

            @Override
            public boolean positional() {
                return false;
            }
        };
    }
}
