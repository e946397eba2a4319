package org.mdm.se.gridftp;

import java.util.List;
import org.mdm.api.MdmException;

/**
 * One FTP reply: a three-digit code and one or more lines. A multi-line reply is sent as
 * {@code code-first}, the middle lines as they are (with a leading space), {@code code last}
 * (RFC 959 4.2); under GSI each of those lines is wrapped on its own.
 */
record Reply(int code, List<String> lines) {

    Reply {
        if (code < 100 || code > 699) {
            throw new IllegalArgumentException("reply code " + code);
        }
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply needs a line");
        }
    }

    static Reply of(int code, String text) {
        return new Reply(code, List.of(oneLine(text)));
    }

    /** A multi-line reply: {@code first}, the body lines, {@code last}. */
    static Reply multi(int code, String first, List<String> body, String last) {
        List<String> all = new java.util.ArrayList<>();
        all.add(oneLine(first));
        body.forEach(b -> all.add(oneLine(b)));
        all.add(oneLine(last));
        return new Reply(code, all);
    }

    /** The reply for a failure: its FTP code and its message, which names what to do. */
    static Reply of(MdmException e) {
        return of(e.status().ftpCode(), e.getMessage());
    }

    /** The reply's lines as sent, each without its CRLF. */
    List<String> formatted() {
        if (lines.size() == 1) {
            return List.of(code + " " + lines.get(0));
        }
        List<String> out = new java.util.ArrayList<>();
        out.add(code + "-" + lines.get(0));
        for (int i = 1; i < lines.size() - 1; i++) {
            out.add(" " + lines.get(i));
        }
        out.add(code + " " + lines.get(lines.size() - 1));
        return out;
    }

    /** Messages go on one line: a CR or LF inside one would end the reply early. */
    private static String oneLine(String text) {
        return text == null ? "" : text.replace('\r', ' ').replace('\n', ' ');
    }
}
