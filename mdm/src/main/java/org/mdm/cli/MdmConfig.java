package org.mdm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * MDM's configuration: the documented defaults (mdm-defaults.properties), overlaid by the
 * site's file, overlaid by {@code -D key=value} options. Only documented keys are accepted, so
 * a typo is an error rather than a silently ignored setting. {@code ${name}} expands Java
 * system properties (e.g. {@code ${user.home}}).
 */
public final class MdmConfig {
    private static final String DEFAULTS = "mdm-defaults.properties";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]+)}");
    /** Sections whose keys the site names itself (checked by their consumer, e.g. the mount table). */
    private static final java.util.List<String> OPEN_SECTIONS = java.util.List.of("se.mount.", "push.ae.", "md.site.");

    private final Map<String, String> values;

    private MdmConfig(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Loads the defaults, then {@code file} (if not null), then {@code overrides}.
     *
     * @throws MdmException {@link Status#CONFIGURATION_ERROR} for an unreadable file or unknown key
     */
    public static MdmConfig load(Path file, Map<String, String> overrides) throws MdmException {
        Map<String, String> merged = new TreeMap<>(defaults());
        if (file != null) {
            merge(merged, read(file), file.toString());
        }
        merge(merged, overrides, "the command line");
        Map<String, String> expanded = new TreeMap<>();
        for (Map.Entry<String, String> e : merged.entrySet()) {
            expanded.put(e.getKey(), expand(e.getValue()));
        }
        return new MdmConfig(expanded);
    }

    /** The documented defaults, unexpanded. */
    public static Map<String, String> defaults() {
        Properties props = new Properties();
        try (InputStream in = MdmConfig.class.getResourceAsStream(DEFAULTS)) {
            props.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the mdm jar lacks " + DEFAULTS, e);
        }
        Map<String, String> map = new TreeMap<>();
        props.forEach((k, v) -> map.put((String) k, ((String) v).trim()));
        return map;
    }

    private static Map<String, String> read(Path file) throws MdmException {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (IOException e) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Cannot read configuration file " + file + ": "
                    + e.getMessage() + ". Check the path given with --config.", e);
        }
        Map<String, String> map = new TreeMap<>();
        props.forEach((k, v) -> map.put((String) k, ((String) v).trim()));
        return map;
    }

    private static void merge(Map<String, String> into, Map<String, String> from, String source)
            throws MdmException {
        TreeSet<String> unknown = new TreeSet<>(from.keySet());
        unknown.removeAll(into.keySet());
        unknown.removeIf(k -> OPEN_SECTIONS.stream().anyMatch(k::startsWith));
        if (!unknown.isEmpty()) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Unknown configuration keys " + unknown + " in "
                    + source + ". `mdm config` lists every key with its default.");
        }
        into.putAll(from);
    }

    private static String expand(String value) {
        Matcher m = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = System.getProperty(m.group(1), m.group(0));
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Every key with its effective value, sorted. */
    public Map<String, String> all() {
        return Map.copyOf(values);
    }

    /** A value (never null: every key has a default). */
    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("undocumented configuration key " + key);
        }
        return value;
    }

    /** A path value. */
    public Path path(String key) {
        return Path.of(get(key));
    }

    /**
     * A positive integer value.
     *
     * @throws MdmException {@link Status#CONFIGURATION_ERROR} naming the key and value
     */
    public int positiveInt(String key) throws MdmException {
        try {
            int value = Integer.parseInt(get(key));
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MdmException(Status.CONFIGURATION_ERROR, "Configuration key " + key + " = '" + get(key)
                + "' must be a positive integer.");
    }

    /**
     * A non-negative integer value.
     *
     * @throws MdmException {@link Status#CONFIGURATION_ERROR} naming the key and value
     */
    public int nonNegativeInt(String key) throws MdmException {
        try {
            int value = Integer.parseInt(get(key));
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MdmException(Status.CONFIGURATION_ERROR, "Configuration key " + key + " = '" + get(key)
                + "' must be 0 or a positive integer.");
    }

    /** The keys under {@code prefix}, with the prefix removed and empty values dropped. */
    public Map<String, String> section(String prefix) {
        Map<String, String> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix) && !v.isEmpty()) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
