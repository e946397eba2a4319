package org.mdm.md.client;

import java.util.Objects;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Where a metadata service listens.
 *
 * @param host a host name (checked against the server's certificate) or address
 * @param port 1..65535
 */
public record Endpoint(String host, int port) {
    /** Checks the host is not blank and the port is in range. */
    public Endpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("not a host and port: '" + host + "', " + port);
        }
    }

    /**
     * Reads {@code host:port} ({@code [v6address]:port} for an IPv6 address).
     *
     * @throws MdmException naming the text and the form expected
     */
    public static Endpoint parse(String text) throws MdmException {
        String t = text.strip();
        int colon = t.lastIndexOf(':');
        String host = colon < 0 ? "" : t.substring(0, colon);
        boolean bracketed = host.startsWith("[") && host.endsWith("]");
        if (bracketed) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            // a name or IPv4 address, or an IPv6 address only in brackets: "[::1" is neither
            if (!(bracketed ? host.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?") : host.matches("[\\w.-]+"))) {
                throw new IllegalArgumentException("not a host: " + host);
            }
            return new Endpoint(host, Integer.parseInt(t.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new MdmException(Status.INVALID_REQUEST, "'" + ServerErrors.printable(text) + "' is not host:port of"
                    + " a metadata service (e.g. md.example.org:8822; an IPv6 address in brackets)", e);
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
