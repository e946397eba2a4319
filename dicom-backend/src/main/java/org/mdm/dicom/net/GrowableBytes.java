package org.mdm.dicom.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A byte buffer that data is read into straight from the socket stream, so a received image is
 * copied once from the network buffer and once more when trimmed, never through intermediate
 * PDU or PDV arrays.
 */
final class GrowableBytes {
    private byte[] buf;
    private int size;

    GrowableBytes(int initialCapacity) {
        buf = new byte[Math.max(64, initialCapacity)];
    }

    void write(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, size, b.length);
        size += b.length;
    }

    /** Reads exactly {@code n} bytes from {@code in}. */
    void readFrom(InputStream in, int n) throws IOException {
        ensure(n);
        int got = in.readNBytes(buf, size, n);
        size += got;
        if (got < n) {
            throw new EOFException("connection closed in the middle of a data fragment");
        }
    }

    int size() {
        return size;
    }

    byte[] array() {
        return buf;
    }

    byte[] toByteArray() {
        return size == buf.length ? buf : Arrays.copyOf(buf, size);
    }

    private void ensure(int extra) {
        long needed = (long) size + extra;
        if (needed > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("DICOM object larger than 2 GiB cannot be held in memory");
        }
        if (needed > buf.length) {
            long grown = Math.max(needed, Math.min((long) buf.length * 2, Integer.MAX_VALUE - 16));
            buf = Arrays.copyOf(buf, (int) grown);
        }
    }
}
