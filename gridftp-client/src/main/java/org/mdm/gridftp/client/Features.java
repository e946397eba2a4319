package org.mdm.gridftp.client;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the server listed in its FEAT reply (RFC 2389): one feature per line, a name and
 * optional parameters, e.g. {@code DCAU}, {@code PARALLEL}, {@code CKSM ADLER32},
 * {@code MLST Type*;Size*;Modify*;}. Names are case-insensitive.
 */
public final class Features {
    private final Map<String, String> features;

    private Features(Map<String, String> features) {
        this.features = features;
    }

    /** Parses a 211 FEAT reply; any other reply means no features (the server predates FEAT). */
    static Features parse(Reply feat) {
        Map<String, String> found = new LinkedHashMap<>();
        if (feat.code() == 211 && feat.lines().size() > 1) {
            for (String line : feat.lines().subList(1, feat.lines().size() - 1)) {
                String t = line.trim();
                if (t.isEmpty()) {
                    continue;
                }
                int space = t.indexOf(' ');
                String name = (space < 0 ? t : t.substring(0, space)).toUpperCase(Locale.ROOT);
                found.put(name, space < 0 ? "" : t.substring(space + 1).trim());
            }
        }
        return new Features(found);
    }

    /** Whether the server lists {@code name}. */
    public boolean has(String name) {
        return features.containsKey(name.toUpperCase(Locale.ROOT));
    }

    /** The parameters listed after {@code name}, if it is listed. */
    public Optional<String> parameters(String name) {
        return Optional.ofNullable(features.get(name.toUpperCase(Locale.ROOT)));
    }

    /**
     * Whether CKSM is listed with {@code algorithm}: Globus lists {@code CKSM MD5:10;ADLER32:10;},
     * our door {@code CKSM ADLER32}; a bare {@code CKSM} is taken as offering it.
     */
    public boolean checksum(String algorithm) {
        return parameters("CKSM").map(p -> p.isEmpty() || p.toUpperCase(Locale.ROOT)
                .matches("(?s)(.*[;, ])?" + algorithm.toUpperCase(Locale.ROOT) + "([:;, ].*)?")).orElse(false);
    }

    @Override
    public String toString() {
        return features.keySet().toString();
    }
}
