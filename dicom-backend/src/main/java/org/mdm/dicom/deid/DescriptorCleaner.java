package org.mdm.dicom.deid;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Action C for free text (descriptions, comments, allergies): keeps the text but masks every
 * occurrence of a value that is identifying elsewhere in the same object (names, IDs,
 * institution, addresses) and anything shaped like a date, character for character so the
 * length and VR limits stay as they were.
 *
 * <p>This is a best effort: free text typed by people can identify a patient in ways no
 * program recognises, which is why the Clean Descriptors option is off by default.
 */
final class DescriptorCleaner {
    private static final int MIN_TOKEN = 3;
    private static final Pattern SPLIT = Pattern.compile("[\\^\\s,;:=/\\\\()\\[\\]\"']+");
    private static final Pattern DATE_LIKE = Pattern.compile("(?<!\\d)(19|20)\\d{2}[-./]?\\d{2}[-./]?\\d{2}(?!\\d)"
            + "|(?<!\\d)\\d{1,2}[-./]\\d{1,2}[-./](19|20)?\\d{2}(?!\\d)");

    private final List<String> tokens;

    /** A cleaner masking the given identifying values and their words. */
    DescriptorCleaner(Set<String> identifyingValues) {
        Set<String> found = new TreeSet<>();
        for (String value : identifyingValues) {
            String upper = value.trim().toUpperCase(Locale.ROOT);
            if (upper.length() >= MIN_TOKEN) {
                found.add(upper);
            }
            for (String word : SPLIT.split(upper)) {
                if (word.length() >= MIN_TOKEN) {
                    found.add(word);
                }
            }
        }
        // Longest first, so a full name is masked before its parts.
        this.tokens = found.stream().sorted(Comparator.comparingInt(String::length).reversed()
                .thenComparing(Comparator.naturalOrder())).toList();
    }

    /** The text with identifying values and date-like numbers masked by '*'. */
    String clean(String text) {
        StringBuilder out = new StringBuilder(text);
        String upper = text.toUpperCase(Locale.ROOT);
        if (upper.length() != text.length()) {
            return "*".repeat(text.length());
        }
        for (String token : tokens) {
            int from = 0;
            int at;
            while ((at = upper.indexOf(token, from)) >= 0) {
                mask(out, at, at + token.length());
                from = at + token.length();
            }
        }
        var m = DATE_LIKE.matcher(text);
        while (m.find()) {
            mask(out, m.start(), m.end());
        }
        return out.toString();
    }

    private static void mask(StringBuilder text, int start, int end) {
        for (int i = start; i < end; i++) {
            text.setCharAt(i, '*');
        }
    }
}
