package org.mdm.gridftp.client;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The facts of one MLST reply (RFC 3659 section 7): {@code type}, {@code size}, {@code modify},
 * {@code perm}, {@code UNIX.mode} and whatever else the server sent. Fact names are
 * case-insensitive and kept in lower case.
 *
 * @param path  the path the server named in the reply
 * @param facts every fact, name in lower case
 */
public record FileFacts(String path, Map<String, String> facts) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    /** Copies the facts. */
    public FileFacts {
        facts = Map.copyOf(facts);
    }

    /**
     * Parses the fact line of an MLST reply: {@code " type=file;size=12;modify=...; /path"}.
     *
     * @return empty when the line is not a fact line
     */
    static Optional<FileFacts> parseLine(String line) {
        String t = line.startsWith(" ") ? line.substring(1) : line;
        int space = t.indexOf(' ');
        if (space < 0 || !t.substring(0, space).contains("=")) {
            return Optional.empty();
        }
        Map<String, String> facts = new LinkedHashMap<>();
        for (String fact : t.substring(0, space).split(";")) {
            int eq = fact.indexOf('=');
            if (eq > 0) {
                facts.put(fact.substring(0, eq).toLowerCase(Locale.ROOT), fact.substring(eq + 1));
            }
        }
        return Optional.of(new FileFacts(t.substring(space + 1), facts));
    }

    /** The {@code type} fact in lower case ({@code file}, {@code dir}, {@code cdir}, {@code pdir}, ...), or "". */
    public String type() {
        return facts.getOrDefault("type", "").toLowerCase(Locale.ROOT);
    }

    /** Whether the type is file. */
    public boolean isFile() {
        return type().equals("file");
    }

    /** Whether the type is a directory ({@code dir}, {@code cdir}, {@code pdir}). */
    public boolean isDirectory() {
        return type().endsWith("dir");
    }

    /** The {@code size} fact. */
    public OptionalLong size() {
        String s = facts.get("size");
        try {
            return s == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(s.trim()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The {@code modify} fact (UTC, fractions of a second dropped). */
    public Optional<Instant> modified() {
        return Optional.ofNullable(facts.get("modify")).flatMap(FileFacts::parseTime);
    }

    /** The {@code perm} fact (RFC 3659 letters, e.g. {@code r} or {@code adfrw}), or "". */
    public String permissions() {
        return facts.getOrDefault("perm", "");
    }

    /** The {@code UNIX.mode} fact, e.g. {@code 0644}, if sent. */
    public Optional<String> unixMode() {
        return Optional.ofNullable(facts.get("unix.mode"));
    }

    /** A fact by name (case-insensitive). */
    public Optional<String> fact(String name) {
        return Optional.ofNullable(facts.get(name.toLowerCase(Locale.ROOT)));
    }

    /** An RFC 3659 time-val ({@code YYYYMMDDHHMMSS[.sss]}, UTC). */
    static Optional<Instant> parseTime(String value) {
        String v = value.trim();
        int dot = v.indexOf('.');
        try {
            return Optional.of(LocalDateTime.parse(dot < 0 ? v : v.substring(0, dot), TIME).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
