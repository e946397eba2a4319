package org.mdm.api.spool;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The name of a file in the spool. Restricted to a safe file-name alphabet so that no key can
 * reach outside the spool directory; backends derive keys from a hash of the canonical PFN.
 *
 * @param value the key, 1 to 128 characters of {@code [A-Za-z0-9._-]}, not starting with '.'
 */
public record SpoolKey(String value) {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    /** Validates the key. */
    public SpoolKey {
        Objects.requireNonNull(value, "value");
        if (!SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("Spool key '" + value
                    + "' must be 1-128 characters of [A-Za-z0-9._-] and not start with '.'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
