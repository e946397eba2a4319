package org.mdm.security.admission;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The attack of issue 15, for tests: many connections to one loopback port that never
 * authenticate and send one byte per tick, so that per-read timeouts never fire. Connections
 * come from several loopback source addresses (127.0.0.2, …: Linux routes all of 127/8 to lo),
 * the way several attacking hosts would. A connection the server closes is reopened on the next
 * tick, as a new wave would be. One thread, non-blocking sockets; it stops by itself after its
 * duration or after a total number of connections, and only ever talks to loopback.
 */
public final class Trickler {
    /** Time a connection the server closes within counts as refused at once. */
    private static final long REFUSED_MILLIS = 300;

    /**
     * What the attack saw.
     *
     * @param opened            connections made
     * @param refusedAtOnce     closed by the server within {@value #REFUSED_MILLIS} ms of connect
     * @param closedLater       closed by the server later (its deadline)
     * @param longestClosedLater the longest life of those, in ms
     * @param oldestAtEnd       the age of the oldest connection still open at the end, in ms
     */
    public record Result(int opened, int refusedAtOnce, int closedLater, long longestClosedLater, long oldestAtEnd) {
    }

    private final InetSocketAddress target;
    private final List<InetAddress> sources;
    private final int connections;
    private final int maxOpened;
    private final byte[] pattern;

    /**
     * @param target      a loopback address and port
     * @param sources     loopback addresses to connect from, in turn
     * @param connections connections kept open at once (hundreds)
     * @param maxOpened   connections made in all, reopened ones included
     * @param pattern     the bytes to trickle, one per tick; then zeros (a line or record never ends)
     */
    public Trickler(InetSocketAddress target, List<InetAddress> sources, int connections, int maxOpened,
            byte[] pattern) {
        if (!target.getAddress().isLoopbackAddress() || sources.stream().anyMatch(a -> !a.isLoopbackAddress())) {
            throw new IllegalArgumentException("loopback only");
        }
        this.target = target;
        this.sources = sources;
        this.connections = connections;
        this.maxOpened = maxOpened;
        this.pattern = pattern.clone();
    }

    /** The loopback addresses 127.0.0.{first}, … (count of them). */
    public static List<InetAddress> loopbacks(int first, int count) throws IOException {
        List<InetAddress> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (first + i)}));
        }
        return list;
    }

    /** One attacking connection. */
    private static final class Conn {
        final SocketChannel channel;
        final long opened = System.nanoTime();
        int sent;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }

        long ageMillis() {
            return (System.nanoTime() - opened) / 1_000_000;
        }
    }

    /** Runs the attack for {@code duration}, one byte per open connection every {@code tick}. */
    public Result run(Duration duration, Duration tick) throws IOException {
        long end = System.nanoTime() + duration.toNanos();
        Counts counts = new Counts();
        try (Selector selector = Selector.open()) {
            long nextTick = 0;
            while (System.nanoTime() < end) {
                if (System.nanoTime() >= nextTick) {
                    refill(selector, counts);
                    trickle(selector, counts);
                    nextTick = System.nanoTime() + tick.toNanos();
                }
                selector.select(Math.max(1, Math.min(tick.toMillis(), (end - System.nanoTime()) / 1_000_000)));
                drain(selector, counts);
            }
            return finish(selector, counts);
        }
    }

    private static final class Counts {
        int opened;
        int refused;
        int closedLater;
        long longest;

        void closedByServer(Conn c) {
            long age = c.ageMillis();
            if (age <= REFUSED_MILLIS) {
                refused++;
            } else {
                closedLater++;
                longest = Math.max(longest, age);
            }
        }
    }

    private void refill(Selector selector, Counts counts) {
        while (selector.keys().size() < connections && counts.opened < maxOpened) {
            InetAddress from = sources.get(counts.opened % sources.size());
            try {
                SocketChannel ch = SocketChannel.open();
                ch.bind(new InetSocketAddress(from, 0));
                ch.socket().connect(target, 2000);
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, new Conn(ch));
                counts.opened++;
            } catch (IOException e) {
                counts.opened++; // the backlog was full: that attempt is spent too
            }
        }
    }

    private void trickle(Selector selector, Counts counts) {
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            Conn c = (Conn) key.attachment();
            byte b = c.sent < pattern.length ? pattern[c.sent] : 0;
            try {
                if (c.channel.write(ByteBuffer.wrap(new byte[] {b})) == 1) {
                    c.sent++;
                }
            } catch (IOException e) {
                close(key);
                counts.closedByServer(c);
            }
        }
    }

    /** Reads whatever the server said (a banner, a 421) and notices the connections it closed. */
    private static void drain(Selector selector, Counts counts) {
        ByteBuffer sink = ByteBuffer.allocate(4096);
        for (SelectionKey key : selector.selectedKeys()) {
            Conn c = (Conn) key.attachment();
            int n;
            try {
                sink.clear();
                n = c.channel.read(sink);
            } catch (IOException e) {
                n = -1;
            }
            if (n < 0) {
                close(key);
                counts.closedByServer(c);
            }
        }
        selector.selectedKeys().clear();
    }

    private static Result finish(Selector selector, Counts counts) {
        long oldest = 0;
        for (SelectionKey key : new ArrayList<>(selector.keys())) {
            oldest = Math.max(oldest, ((Conn) key.attachment()).ageMillis());
            close(key);
        }
        return new Result(counts.opened, counts.refused, counts.closedLater, counts.longest, oldest);
    }

    private static void close(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // ours to drop
        }
    }
}
