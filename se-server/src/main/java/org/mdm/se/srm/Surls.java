package org.mdm.se.srm;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * SURLs of this storage element: {@code srm://host[:port]/path} as gfal2 sends them, and the long
 * form {@code srm://host:port/srm/managerv2?SFN=/path}. A SURL naming another host is outside
 * this SE (SRM_INVALID_PATH); the port is not compared, because clients drop it from the short
 * form. Paths come back absolute, without empty, "." or trailing segments; ".." is refused.
 */
final class Surls {
    private final Set<String> hosts;

    /** SURLs naming one of {@code hosts} (the names in the host certificate) are ours. */
    Surls(Set<String> hosts) {
        this.hosts = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toSet());
    }

    /**
     * The SE path {@code surl} names.
     *
     * @throws MdmException INVALID_PATH naming the SURL: not srm://, another host, a bad path
     */
    String path(String surl) throws MdmException {
        URI uri;
        try {
            uri = new URI(surl);
        } catch (URISyntaxException e) {
            throw invalid(surl, "is not a valid URL (" + e.getReason() + ")");
        }
        if (!"srm".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw invalid(surl, "is not an SRM URL: use srm://HOST[:PORT]/PATH");
        }
        if (!hosts.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
            throw invalid(surl, "is not on this storage element (it answers to " + String.join(", ", hosts.stream()
                    .sorted().toList()) + ")");
        }
        String path = uri.getPath();
        String query = uri.getQuery();
        if (query != null && query.startsWith("SFN=")) {
            path = query.substring(4);
        }
        return normalise(surl, path);
    }

    private static String normalise(String surl, String path) throws MdmException {
        if (path == null || !path.startsWith("/")) {
            throw invalid(surl, "has no absolute path");
        }
        StringBuilder clean = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw invalid(surl, "contains '..': name the path directly");
            }
            for (int i = 0; i < segment.length(); i++) {
                if (Character.isISOControl(segment.charAt(i))) {
                    throw invalid(surl, "contains a control character");
                }
            }
            clean.append('/').append(segment);
        }
        return clean.length() == 0 ? "/" : clean.toString();
    }

    private static MdmException invalid(String surl, String why) {
        return new MdmException(Status.INVALID_PATH, "SURL " + shorten(surl) + " " + why + ".");
    }

    /** A SURL as quoted back in a message: bounded, since it comes from the client. */
    static String shorten(String surl) {
        return surl.length() > 300 ? surl.substring(0, 300) + "..." : surl;
    }
}
