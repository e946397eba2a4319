package org.mdm.gridftp.client;

import java.io.IOException;
import java.nio.ByteBuffer;

/** MODE S: the file is the data connection's bytes, in order, up to the server's close. */
final class StreamReceiver {
    private static final int BUFFER = 256 * 1024;

    private StreamReceiver() {
    }

    /** Reads {@code c} to its end into {@code sink}; the bytes read. */
    static long receive(DataConnection c, Sink sink, TransferClock clock) throws IOException {
        byte[] buf = new byte[BUFFER];
        long offset = 0;
        while (true) {
            int n = c.read(buf, 0, buf.length);
            if (n < 0) {
                return offset;
            }
            if (n == 0) {
                clock.checkStuck();
                continue;
            }
            sink.write(ByteBuffer.wrap(buf, 0, n), offset);
            offset += n;
            clock.arrived(n);
        }
    }
}
