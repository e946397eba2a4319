package org.mdm.gridftp.client;

import java.util.List;

/**
 * One FTP reply, opened if it came wrapped (632/631), as RFC 959 lines without CRLF.
 *
 * @param code  the three-digit code of its first line
 * @param lines its lines, the first starting with the code
 */
public record Reply(int code, List<String> lines) {
    /** Copies the lines. */
    public Reply {
        lines = List.copyOf(lines);
    }

    /** The text after the code of a one-line reply, or the lines joined for a multi-line one. */
    public String text() {
        if (lines.size() == 1) {
            String l = lines.get(0);
            return l.length() > 4 ? l.substring(4).trim() : "";
        }
        return String.join("\n", lines);
    }

    /** 1xx: more replies follow. */
    public boolean preliminary() {
        return code >= 100 && code < 200;
    }

    /** 2xx. */
    public boolean ok() {
        return code >= 200 && code < 300;
    }

    @Override
    public String toString() {
        return String.join(" | ", lines);
    }
}
