package org.mdm.se.md;

import java.util.ArrayList;
import java.util.List;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * A command line split into words as AMGA's clients write it: spaces separate words; a word in
 * single quotes may hold spaces; inside quotes {@code \'} is a quote and {@code \\} a backslash
 * (any other backslash is kept, for the condition parser's own escapes).
 */
final class MdWords {
    private MdWords() {
    }

    static List<String> split(String line) throws MdmException {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '\'' || line.charAt(i + 1) == '\\')) {
                    word.append(line.charAt(++i));
                } else if (ch == '\'') {
                    quoted = false;
                } else {
                    word.append(ch);
                }
            } else if (ch == ' ' || ch == '\t') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                if (word == null) {
                    word = new StringBuilder();
                }
                if (ch == '\'') {
                    quoted = true;
                } else {
                    word.append(ch);
                }
            }
        }
        if (quoted) {
            throw new MdmException(Status.INVALID_REQUEST, "A quote is not closed: end a quoted word with ' (a quote"
                    + " inside is \\').");
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
