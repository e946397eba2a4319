package org.mdm.api;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A physical file name: the URI a storage element keeps for a replica and hands to the backend
 * that owns its scheme, e.g. {@code dicom://ORTHANC@pacs.example.org:104/1.2/1.2.3/1.2.3.4?transform=deid}.
 *
 * <p>This type checks only the generic shape (absolute URI, lower-case scheme, no fragment, a
 * well-formed query of {@code key=value} pairs); each backend checks its own syntax. Instances
 * are immutable and compare by their canonical string.
 */
public final class Pfn {
    private static final Pattern SCHEME = Pattern.compile("[a-z][a-z0-9+.-]{0,31}");
    private static final int MAX_LENGTH = 4096;

    private final URI uri;
    private final Map<String, String> query;

    private Pfn(URI uri, Map<String, String> query) {
        this.uri = uri;
        this.query = query;
    }

    /**
     * Parses a PFN.
     *
     * @throws MdmException with {@link Status#INVALID_PATH} naming the PFN and what is wrong
     */
    public static Pfn parse(String text) throws MdmException {
        Objects.requireNonNull(text, "text");
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            throw invalid(text, "it must be 1 to " + MAX_LENGTH + " characters long");
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw invalid(text, e.getReason() + " at index " + e.getIndex());
        }
        if (!uri.isAbsolute() || uri.isOpaque()) {
            throw invalid(text, "expected <scheme>://<authority>/<path>");
        }
        if (!SCHEME.matcher(uri.getScheme()).matches()) {
            throw invalid(text, "the scheme must be lower case letters, digits, '+', '-' or '.'");
        }
        if (uri.getRawFragment() != null) {
            throw invalid(text, "a PFN has no '#fragment'");
        }
        return new Pfn(uri, parseQuery(text, uri.getRawQuery()));
    }

    private static Map<String, String> parseQuery(String text, String raw) throws MdmException {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw invalid(text, "query parameter '" + pair + "' is not key=value");
            }
            String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (map.put(key, value) != null) {
                throw invalid(text, "query parameter '" + key + "' appears twice");
            }
        }
        return Collections.unmodifiableMap(map);
    }

    private static MdmException invalid(String text, String why) {
        return new MdmException(Status.INVALID_PATH,
                "Malformed PFN '" + abbreviate(text) + "': " + why + ".");
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /** The scheme, which selects the backend (e.g. {@code dicom}, {@code file}). */
    public String scheme() {
        return uri.getScheme();
    }

    /** The user-info part of the authority (for {@code dicom://AET@host:port}, the AE title), or null. */
    public String userInfo() {
        return uri.getUserInfo();
    }

    /** The host, or null when the PFN has none. */
    public String host() {
        return uri.getHost();
    }

    /** The port, or -1 when the PFN names none. */
    public int port() {
        return uri.getPort();
    }

    /** The decoded path, starting with '/', or empty. */
    public String path() {
        return uri.getPath() == null ? "" : uri.getPath();
    }

    /** The query parameters in their order of appearance (unmodifiable). */
    public Map<String, String> query() {
        return query;
    }

    /** One query parameter, or the given default. */
    public String query(String key, String defaultValue) {
        return query.getOrDefault(key, defaultValue);
    }

    /** This PFN as a URI. */
    public URI toUri() {
        return uri;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Pfn other && uri.toString().equals(other.uri.toString());
    }

    @Override
    public int hashCode() {
        return uri.toString().hashCode();
    }

    /** The PFN exactly as parsed. */
    @Override
    public String toString() {
        return uri.toString();
    }
}
