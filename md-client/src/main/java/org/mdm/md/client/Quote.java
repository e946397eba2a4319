package org.mdm.md.client;

import java.util.StringJoiner;

/**
 * Writes command words as the metadata service reads them: a word with a space, a quote, a
 * backslash (or nothing at all) goes in single quotes, with {@code \'} for a quote and
 * {@code \\} for a backslash inside; any other word goes as it is.
 *
 * <p>A command is one line, and the protocol has no escape for a line break, so a value holding
 * CR or LF cannot be sent: it is refused here rather than cut the command in two on the wire.
 */
public final class Quote {
    private Quote() {
    }

    /**
     * One word, quoted when it must be.
     *
     * @throws IllegalArgumentException if {@code value} holds CR or LF
     */
    public static String word(String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a command word cannot hold a line break (the protocol has one"
                    + " command per line)");
        }
        if (!value.isEmpty() && !needsQuotes(value)) {
            return value;
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'' || c == '\\') {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.append('\'').toString();
    }

    /** The words as one command line, each quoted when it must be. */
    public static String command(String... words) {
        StringJoiner line = new StringJoiner(" ");
        for (String w : words) {
            line.add(word(w));
        }
        return line.toString();
    }

    private static boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\'' || c == '\\' || c == '"') {
                return true;
            }
        }
        return false;
    }
}
