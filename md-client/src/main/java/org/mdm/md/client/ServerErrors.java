package org.mdm.md.client;

import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * The server's error lines ({@code <code> <message>}) as {@link MdmException}s naming the server,
 * with the protocol's codes mapped to MDM statuses.
 */
final class ServerErrors {
    /** Longest part of a server's text quoted in a message. */
    private static final int MAX_QUOTED = 300;

    private ServerErrors() {
    }

    /** The exception for an error status line (or the text after a NAK byte). */
    static MdmException of(String peer, String line, boolean cutAfterRows) {
        int space = line.indexOf(' ');
        String codeText = space < 0 ? line : line.substring(0, space);
        String message = space < 0 ? "" : line.substring(space + 1);
        int code;
        try {
            code = Integer.parseInt(codeText);
        } catch (NumberFormatException e) {
            return new MdmException(Status.CORRUPT_DATA, peer + " sent '" + printable(line) + "' where a status line"
                    + " (0, or a code and a message) belongs: is it an MDM metadata service?");
        }
        String prefix = cutAfterRows ? "the answer of " + peer + " was cut after some rows: " : peer + ": ";
        return new MdmException(status(code), prefix + printable(message) + " (code " + code + ")");
    }

    /** MDM's status for an AMGA error code (md-protocol: 1, 4, 8, 9, 17, 18, 99). */
    static Status status(int code) {
        return switch (code) {
            case 1 -> Status.NOT_FOUND;
            case 4 -> Status.AUTHORIZATION_FAILURE;
            case 8, 18 -> Status.INVALID_REQUEST;
            case 9 -> Status.NOT_SUPPORTED;
            case 17 -> Status.TIMEOUT;
            default -> Status.INTERNAL_ERROR;
        };
    }

    /** A server's text fit for a message: control characters shown as '?', bounded in length. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_QUOTED + 3));
        for (int i = 0; i < text.length() && i < MAX_QUOTED; i++) {
            char c = text.charAt(i);
            out.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return text.length() > MAX_QUOTED ? out.append("...").toString() : out.toString();
    }
}
