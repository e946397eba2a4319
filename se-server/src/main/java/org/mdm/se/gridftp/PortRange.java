package org.mdm.se.gridftp;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.ThreadLocalRandom;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The ports passive data listeners may use, as GLOBUS_TCP_PORT_RANGE gives them to
 * globus-gridftp-server: a site opens this range in its firewall. {@link #ANY} lets the kernel
 * choose.
 *
 * @param first the lowest port, or 0 for any
 * @param last  the highest port, or 0 for any
 */
public record PortRange(int first, int last) {
    public static final PortRange ANY = new PortRange(0, 0);

    public PortRange {
        boolean any = first == 0 && last == 0;
        if (!any && (first < 1024 || last > 65535 || first > last)) {
            throw new IllegalArgumentException("port range " + first + "-" + last);
        }
    }

    /**
     * {@code "50000-51000"}, or empty for any.
     *
     * @throws MdmException CONFIGURATION_ERROR naming {@code key} for anything else
     */
    public static PortRange parse(String text, String key) throws MdmException {
        if (text == null || text.isBlank()) {
            return ANY;
        }
        String[] f = text.trim().split("\\s*[-,]\\s*");
        try {
            if (f.length == 2) {
                return new PortRange(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new MdmException(Status.CONFIGURATION_ERROR, key + " '" + text + "' must be FIRST-LAST with"
                + " 1024 <= FIRST <= LAST <= 65535 (e.g. 50000-51000), or empty for any port.");
    }

    /** A listener on {@code address} and a free port of this range, tried from a random start. */
    ServerSocketChannel bind(InetAddress address) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            if (this.equals(ANY)) {
                server.bind(new InetSocketAddress(address, 0), 64);
                return server;
            }
            int size = last - first + 1;
            int start = ThreadLocalRandom.current().nextInt(size);
            for (int i = 0; i < size; i++) {
                try {
                    server.bind(new InetSocketAddress(address, first + (start + i) % size), 64);
                    return server;
                } catch (BindException busy) {
                    // next port
                }
            }
            throw new BindException("no free data port in " + first + "-" + last
                    + ": widen se.gridftp.data.ports or lower se.gridftp.max.sessions");
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }
}
