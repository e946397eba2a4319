package org.mdm.dicom.deid;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mdm.dicom.deid.ProfileRule.OptionColumn;

/**
 * PS3.15 Table E.1-1 read from the resource {@code annex-e-table-e1-1.tsv}: the profile's rules are
 * data, so a newer edition of the table is a resource change, not a code change.
 *
 * <p>Tags with {@code x} nibbles (repeating groups such as {@code (60xx,3000)}) match any hex digit.
 */
public final class ProfileTable {
    /** The resource holding the table, next to this class. */
    public static final String RESOURCE = "annex-e-table-e1-1.tsv";
    private static final int FIRST_OPTION_COLUMN = 4;
    private static final Pattern TAG = Pattern.compile("\\([0-9A-Fx]{4},[0-9A-Fx]{4}\\)");

    private final Map<Integer, ProfileRule> exact;
    private final List<Masked> masked;

    private record Masked(int mask, int value, ProfileRule rule) {
    }

    private ProfileTable(Map<Integer, ProfileRule> exact, List<Masked> masked) {
        this.exact = exact;
        this.masked = masked;
    }

    /** Loads the table bundled with this class. */
    public static ProfileTable load() {
        try (InputStream in = ProfileTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Resource " + RESOURCE + " is missing from the dicom-backend jar");
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    static ProfileTable parse(InputStream in) throws IOException {
        Map<Integer, ProfileRule> exact = new HashMap<>();
        List<Masked> masked = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        boolean header = true;
        while ((line = reader.readLine()) != null) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            ProfileRule rule = rule(line.split("\t", -1));
            if (!TAG.matcher(rule.tag()).matches()) {
                // The "(GGGG,EEEE) where GGGG is odd" row: private attributes are always removed in code.
                continue;
            }
            String hex = rule.tag().substring(1, 5) + rule.tag().substring(6, 10);
            if (hex.contains("x")) {
                masked.add(new Masked((int) Long.parseLong(hex.replaceAll("[0-9A-F]", "F").replace('x', '0'), 16),
                        (int) Long.parseLong(hex.replace('x', '0'), 16), rule));
            } else {
                exact.put((int) Long.parseLong(hex, 16), rule);
            }
        }
        return new ProfileTable(exact, masked);
    }

    private static ProfileRule rule(String[] cells) {
        Map<OptionColumn, String> options = new EnumMap<>(OptionColumn.class);
        OptionColumn[] columns = OptionColumn.values();
        for (int i = 0; i < columns.length; i++) {
            int cell = FIRST_OPTION_COLUMN + i;
            if (cell < cells.length && !cells[cell].isBlank()) {
                options.put(columns[i], cells[cell].trim());
            }
        }
        return new ProfileRule(cells[0], cells[1], cells[3].trim(), options);
    }

    /** The rule for a tag given as {@code group << 16 | element}, if the table lists it. */
    public Optional<ProfileRule> lookup(int tag) {
        ProfileRule rule = exact.get(tag);
        if (rule != null) {
            return Optional.of(rule);
        }
        for (Masked m : masked) {
            if ((tag & m.mask()) == m.value()) {
                return Optional.of(m.rule());
            }
        }
        return Optional.empty();
    }

    /** Every rule, exact tags first; for tests and documentation. */
    List<ProfileRule> rules() {
        List<ProfileRule> all = new ArrayList<>(exact.values());
        masked.forEach(m -> all.add(m.rule()));
        return all;
    }
}
