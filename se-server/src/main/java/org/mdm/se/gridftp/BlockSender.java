package org.mdm.se.gridftp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MODE E, extended block mode (GFD.20 3.4): the file is cut into blocks, each sent with a
 * 17-byte header (descriptor, count, offset), over all data connections at once; each connection
 * takes the next block when it is free. Every connection ends with EOD and "sender closes"; the
 * first one also carries EOF with the EOD count, i.e. how many connections the receiver must see
 * end, so that it knows when the file is complete.
 */
final class BlockSender {
    static final int HEADER = 17;
    static final int EOD = 8;
    static final int EOF = 64;
    static final int WILL_CLOSE = 4;

    private final int blockSize;
    private final ExecutorService pool;

    BlockSender(int blockSize, ExecutorService pool) {
        this.blockSize = blockSize;
        this.pool = pool;
    }

    /** Sends bytes {@code [from, from+length)} of {@code file} over {@code connections}. */
    void send(FileChannel file, long from, long length, List<DataConnection> connections) throws IOException {
        AtomicLong next = new AtomicLong(from);
        long end = from + length;
        int count = connections.size();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 1; i < count; i++) {
            DataConnection c = connections.get(i);
            running.add(pool.submit(() -> {
                sendBlocks(file, next, end, c, false, count);
                return null;
            }));
        }
        IOException failure = null;
        try {
            sendBlocks(file, next, end, connections.get(0), true, count);
        } catch (IOException e) {
            failure = e;
            DataEndpoint.closeAll(connections); // stop the other streams at once
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                    DataEndpoint.closeAll(connections);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                DataEndpoint.closeAll(connections);
                throw new IOException("transfer interrupted", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void sendBlocks(FileChannel file, AtomicLong next, long end, DataConnection c, boolean carriesEof,
            int eodCount) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        for (long at; (at = next.getAndAdd(blockSize)) < end; ) {
            long n = Math.min(blockSize, end - at);
            header.clear();
            header.put((byte) 0).putLong(n).putLong(at).flip();
            c.write(header);
            c.send(file, at, n);
        }
        header.clear();
        if (carriesEof) {
            header.put((byte) (EOF | EOD | WILL_CLOSE)).putLong(0).putLong(eodCount).flip();
        } else {
            header.put((byte) (EOD | WILL_CLOSE)).putLong(0).putLong(0).flip();
        }
        c.write(header);
        c.close();
    }
}
