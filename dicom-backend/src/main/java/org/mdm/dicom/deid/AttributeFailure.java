package org.mdm.dicom.deid;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One attribute that PixelMed would not read or change: names the attribute by its tag path and
 * says what PixelMed objected to, never the value. PixelMed's messages sometimes quote the value
 * they choked on ({@code For input string: "Smith"}), so quoted text, digits runs and anything
 * after "input" are cut before the message reaches a log or a reply.
 */
final class AttributeFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'|\\[[^\\]]*\\]|<[^>]*>");
    private static final Pattern LONG_TOKEN = Pattern.compile("\\S{25,}");
    private static final Pattern NUMBERS = Pattern.compile("[-+0-9.]*[0-9][-+0-9.eE]*");
    private static final int MAX_REASON = 120;

    private final String path;

    AttributeFailure(String path, Throwable cause) {
        super("attribute " + path + " cannot be de-identified: PixelMed refused it (" + reason(cause) + ")", cause);
        this.path = path;
    }

    /** The tag path, e.g. {@code (0033,1020)[0]/(0033,1021)}. */
    String path() {
        return path;
    }

    /** The exception's class and its message, with anything that could be a value removed. */
    static String reason(Throwable cause) {
        String type = cause.getClass().getSimpleName();
        String message = cause.getMessage();
        if (message == null || message.isBlank()) {
            return type;
        }
        String cleaned = message;
        int input = cleaned.toLowerCase(Locale.ROOT).indexOf("input");
        if (input >= 0) {
            cleaned = cleaned.substring(0, input + "input".length());
        }
        cleaned = QUOTED.matcher(cleaned).replaceAll("…");
        cleaned = LONG_TOKEN.matcher(cleaned).replaceAll("…");
        cleaned = NUMBERS.matcher(cleaned).replaceAll("#");
        cleaned = cleaned.replaceAll("[\\r\\n\\t]+", " ").replaceAll("[^\\x20-\\x7E…]", "?").trim();
        if (cleaned.length() > MAX_REASON) {
            cleaned = cleaned.substring(0, MAX_REASON) + "…";
        }
        return type + ": " + cleaned;
    }
}
