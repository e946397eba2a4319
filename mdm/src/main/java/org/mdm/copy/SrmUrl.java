package org.mdm.copy;

import java.net.URI;
import java.net.URISyntaxException;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * A SURL, {@code srm://host[:port]/path} or {@code srm://host:port/srm/managerv2?SFN=/path}: the
 * SRM endpoint to ask (default port 8446, endpoint {@code /srm/managerv2}) and the file's path.
 * {@link #text} is the SURL as sent to the server.
 */
record SrmUrl(String host, int port, String endpoint, String path, String text) {
    static final int DEFAULT_PORT = 8446;
    static final String DEFAULT_ENDPOINT = "/srm/managerv2";

    static SrmUrl parse(String surl) throws MdmException {
        URI uri;
        try {
            uri = new URI(surl);
        } catch (URISyntaxException e) {
            throw new MdmException(Status.INVALID_PATH, surl + " is not a valid URL: " + e.getReason() + ".");
        }
        if (!"srm".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new MdmException(Status.INVALID_PATH, surl + " is not an SRM URL: use srm://HOST[:PORT]/PATH.");
        }
        String path = uri.getPath();
        String endpoint = DEFAULT_ENDPOINT;
        if (uri.getQuery() != null && uri.getQuery().startsWith("SFN=")) {
            endpoint = path;
            path = uri.getQuery().substring(4);
        }
        if (path == null || !path.startsWith("/")) {
            throw new MdmException(Status.INVALID_PATH, surl + " names no absolute path.");
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        String text = "srm://" + uri.getHost() + ":" + port + path;
        return new SrmUrl(uri.getHost(), port, endpoint, path, text);
    }

    /** The SURL of {@code otherPath} on the same server. */
    SrmUrl withPath(String otherPath) {
        return new SrmUrl(host, port, endpoint, otherPath, "srm://" + host + ":" + port + otherPath);
    }

    @Override
    public String toString() {
        return text;
    }
}
