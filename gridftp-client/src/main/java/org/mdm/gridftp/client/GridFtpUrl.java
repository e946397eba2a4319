package org.mdm.gridftp.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * A {@code gsiftp://host[:port]/path} URL. The path is kept as the server should see it: Globus
 * URLs name absolute paths either as {@code gsiftp://h/dir/f} or {@code gsiftp://h//dir/f}, and
 * both reach {@code /dir/f} on the servers we talk to, so a doubled leading slash is folded.
 *
 * @param host the server's host name, as its certificate must name it
 * @param port the control port (2811 when the URL has none)
 * @param path the absolute path on the server, "/" at least
 */
public record GridFtpUrl(String host, int port, String path) {
    /** The GridFTP control port registered with IANA, used when a URL names none. */
    public static final int DEFAULT_PORT = 2811;

    /** Checks the parts. */
    public GridFtpUrl {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("a gsiftp URL needs a host");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("a gsiftp path must be absolute: " + path);
        }
    }

    /**
     * Parses {@code url}.
     *
     * @throws MdmException INVALID_PATH naming the URL when it is not a gsiftp URL with a host
     */
    public static GridFtpUrl parse(String url) throws MdmException {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid(url, "it is not a URL (" + e.getReason() + ")");
        }
        if (uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("gsiftp")) {
            throw invalid(url, "only gsiftp:// URLs are served by this client");
        }
        if (uri.getHost() == null) {
            throw invalid(url, "it names no host");
        }
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        while (path.startsWith("//")) {
            path = path.substring(1);
        }
        return new GridFtpUrl(uri.getHost(), uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), path);
    }

    /** The same server, another path. */
    public GridFtpUrl withPath(String otherPath) {
        return new GridFtpUrl(host, port, otherPath);
    }

    /** {@code host:port}, for messages about the server. */
    public String authority() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return "gsiftp://" + authority() + path;
    }

    private static MdmException invalid(String url, String why) {
        return new MdmException(Status.INVALID_PATH, "'" + url + "' is not a usable GridFTP URL: " + why
                + " (expected gsiftp://host[:port]/path).");
    }
}
