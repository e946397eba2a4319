package org.mdm.se.gridftp;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** MODE S: the bytes as they are on one connection; closing it marks the end of the file. */
final class StreamSender {
    private StreamSender() {
    }

    static void send(FileChannel file, long from, long length, DataConnection c) throws IOException {
        c.send(file, from, length);
        c.close();
    }
}
