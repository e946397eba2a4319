package org.mdm.md.client;

import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The escaping of row values on the wire, both ways: {@code \} is {@code \\}, LF {@code \n},
 * CR {@code \r}, any other character below 0x20 {@code \xHH}; so a row is always one line and
 * never starts with the EOT or NAK bytes that end an answer.
 */
public final class RowValues {
    private RowValues() {
    }

    /** {@code value} as the server writes it on its row line. */
    public static String escape(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = c == '\\' ? "\\\\" : c == '\n' ? "\\n" : c == '\r' ? "\\r"
                    : c < 0x20 ? String.format("\\x%02X", (int) c) : null;
            if (replacement != null && out == null) {
                out = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return out == null ? value : out.toString();
    }

    /**
     * The value a row line stands for.
     *
     * @throws MdmException if the line holds an escape the protocol does not have (a broken or
     *         foreign server: the message shows where, not the value)
     */
    public static String unescape(String line) throws MdmException {
        int first = line.indexOf('\\');
        if (first < 0) {
            return line;
        }
        StringBuilder out = new StringBuilder(line.length()).append(line, 0, first);
        for (int i = first; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
            switch (next) {
                case '\\' -> out.append('\\');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'x' -> {
                    out.append(hexByte(line, i));
                    i += 2;
                }
                default -> throw badEscape(i);
            }
            i++;
        }
        return out.toString();
    }

    private static char hexByte(String line, int at) throws MdmException {
        if (at + 3 >= line.length()) {
            throw badEscape(at);
        }
        int hi = Character.digit(line.charAt(at + 2), 16);
        int lo = Character.digit(line.charAt(at + 3), 16);
        if (hi < 0 || lo < 0) {
            throw badEscape(at);
        }
        return (char) (hi * 16 + lo);
    }

    private static MdmException badEscape(int at) {
        return new MdmException(Status.CORRUPT_DATA, "malformed escape in a row value at character " + (at + 1)
                + " (only \\\\, \\n, \\r and \\xHH exist): the server does not speak MDM's metadata protocol");
    }
}
