package org.mdm.gridftp.client;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MODE E, extended block mode (GFD.20 3.4), receiving side: every connection carries blocks,
 * each behind a 17-byte header (descriptor byte, 64-bit count, 64-bit offset), written at their
 * offsets; a connection ends with an EOD block, and one block somewhere carries EOF with, in its
 * offset field, how many EODs the sender will send in all. The file is complete when that many
 * EODs have arrived, however many connections we opened (a server may use fewer).
 */
final class BlockReceiver {
    static final int HEADER = 17;
    static final int RESTART_MARKER = 16;
    static final int EOD = 8;
    static final int EOF = 64;
    private static final int CHUNK = 256 * 1024;

    private final Sink sink;
    private final TransferClock clock;
    private final AtomicInteger eods = new AtomicInteger();
    private final AtomicLong expectedEods = new AtomicLong(-1);
    private final AtomicLong received = new AtomicLong();

    BlockReceiver(Sink sink, TransferClock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    /** Whether the EOF count is known and that many EODs came. */
    boolean complete() {
        long expected = expectedEods.get();
        return expected >= 0 && eods.get() >= expected;
    }

    /** Data bytes received on all connections. */
    long received() {
        return received.get();
    }

    /** A summary for messages. */
    String progress() {
        return eods.get() + " of " + (expectedEods.get() < 0 ? "?" : expectedEods.get()) + " data connections ended";
    }

    /**
     * Reads blocks from {@code c} until its EOD. A connection the server closes before sending
     * anything is one it did not use; one that closes in the middle is an error.
     */
    void receive(DataConnection c) throws IOException {
        byte[] header = new byte[HEADER];
        byte[] buf = new byte[CHUNK];
        boolean any = false;
        while (true) {
            if (!readFully(c, header, !any)) {
                return; // closed before any block: not used by the server
            }
            any = true;
            ByteBuffer h = ByteBuffer.wrap(header);
            int descriptor = h.get() & 0xff;
            long count = h.getLong();
            long offset = h.getLong();
            if ((descriptor & EOF) != 0) {
                expectedEods.set(offset);
            } else if ((descriptor & RESTART_MARKER) != 0) {
                skip(c, count, buf);
            } else {
                data(c, count, offset, buf);
            }
            if ((descriptor & EOD) != 0) {
                eods.incrementAndGet();
                return;
            }
        }
    }

    private void data(DataConnection c, long count, long offset, byte[] buf) throws IOException {
        if (count < 0 || offset < 0) {
            throw new IOException("a block with a negative count or offset (" + count + " at " + offset + ")");
        }
        for (long done = 0; done < count; ) {
            int n = (int) Math.min(buf.length, count - done);
            readFully(c, buf, n);
            sink.write(ByteBuffer.wrap(buf, 0, n), offset + done);
            done += n;
            received.addAndGet(n);
            clock.arrived(n);
        }
    }

    private void skip(DataConnection c, long count, byte[] buf) throws IOException {
        for (long done = 0; done < count; ) {
            int n = (int) Math.min(buf.length, count - done);
            readFully(c, buf, n);
            done += n;
        }
    }

    /** Fills {@code b}; false if the stream ended before its first byte and {@code endOk}. */
    private boolean readFully(DataConnection c, byte[] b, boolean endOk) throws IOException {
        int got = 0;
        while (got < b.length) {
            int n = c.read(b, got, b.length - got);
            if (n < 0) {
                if (got == 0 && endOk) {
                    return false;
                }
                throw new EOFException("a data connection closed in the middle of a block header");
            }
            if (n == 0) {
                clock.checkStuck();
            }
            got += n;
        }
        return true;
    }

    private void readFully(DataConnection c, byte[] b, int len) throws IOException {
        for (int got = 0; got < len; ) {
            int n = c.read(b, got, len - got);
            if (n < 0) {
                throw new EOFException("a data connection closed in the middle of a block (" + progress() + ")");
            }
            if (n == 0) {
                clock.checkStuck();
            }
            got += n;
        }
    }
}
