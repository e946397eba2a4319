package org.mdm.spool;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/** Parses configured sizes such as {@code 10G}: a whole number with an optional binary suffix K, M, G or T. */
final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d{1,19})([KMGT]?)");

    private ByteSize() {
    }

    /**
     * The number of bytes {@code value} denotes.
     *
     * @param key names the configuration key in the error message
     * @throws MdmException CONFIGURATION_ERROR if the value is not a size or overflows
     */
    static long parse(String key, String value) throws MdmException {
        Matcher m = SIZE.matcher(value == null ? "" : value.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw invalid(key, value);
        }
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), multiplier(m.group(2)));
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(key, value);
        }
    }

    private static long multiplier(String suffix) {
        return switch (suffix) {
            case "K" -> 1L << 10;
            case "M" -> 1L << 20;
            case "G" -> 1L << 30;
            case "T" -> 1L << 40;
            default -> 1L;
        };
    }

    private static MdmException invalid(String key, String value) {
        return new MdmException(Status.CONFIGURATION_ERROR, "Spool configuration key '" + key
                + "' has the value '" + value + "', which is not a size: write a whole number of bytes,"
                + " optionally followed by K, M, G or T (e.g. 10G)");
    }
}
