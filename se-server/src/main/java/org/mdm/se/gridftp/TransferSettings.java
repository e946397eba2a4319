package org.mdm.se.gridftp;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the client has set for its next transfers: representation type, transfer mode,
 * parallelism, data-channel authentication and protection, and a stream restart offset. Each
 * setter answers the command that sets it.
 */
final class TransferSettings {
    private static final Pattern PARALLELISM = Pattern.compile("(?i)parallelism=(\\d+)(?:,\\d+)*(?:,\\d+)*;?");
    static final int MAX_PARALLELISM = 64;

    private boolean extendedMode;
    private int parallelism = 1;
    private boolean dcau = true;
    private boolean privacy;
    private long restart;
    private boolean delayedPassive;

    Reply type(String arg) {
        String t = arg.trim().toUpperCase(Locale.ROOT);
        if (t.equals("I") || t.equals("L 8") || t.equals("A") || t.equals("A N")) {
            return Reply.of(200, "Type set to " + t.charAt(0) + ".");
        }
        return Reply.of(504, "TYPE " + arg + " is not supported: use TYPE I.");
    }

    Reply mode(String arg) {
        switch (arg.trim().toUpperCase(Locale.ROOT)) {
            case "S" -> extendedMode = false;
            case "E" -> extendedMode = true;
            default -> {
                return Reply.of(504, "MODE " + arg + " is not supported: use MODE S (stream) or MODE E (extended block).");
            }
        }
        return Reply.of(200, "Mode set to " + arg.trim().toUpperCase(Locale.ROOT) + ".");
    }

    /** OPTS RETR Parallelism=n,n,n; and OPTS PASV AllowDelayed=0|1; (others refused by the caller). */
    Reply opts(String arg) {
        String[] parts = arg.trim().split("\\s+", 2);
        String what = parts[0].toUpperCase(Locale.ROOT);
        String value = parts.length > 1 ? parts[1].trim() : "";
        if (what.equals("RETR")) {
            Matcher m = PARALLELISM.matcher(value);
            if (!m.matches()) {
                return Reply.of(501, "OPTS RETR: expected Parallelism=<n>,<n>,<n>; got '" + value + "'.");
            }
            int n;
            try {
                n = Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_PARALLELISM) {
                return Reply.of(501, "OPTS RETR: parallelism must be 1.." + MAX_PARALLELISM + ".");
            }
            parallelism = n;
            return Reply.of(200, "OPTS Command Successful.");
        }
        if (what.equals("PASV")) {
            String v = value.toLowerCase(Locale.ROOT).replace(";", "");
            if (v.equals("allowdelayed=1") || v.equals("allowdelayed=0")) {
                delayedPassive = v.endsWith("1");
                return Reply.of(200, "OPTS Command Successful.");
            }
            return Reply.of(501, "OPTS PASV: only AllowDelayed=0|1 is supported.");
        }
        if (what.equals("UTF8")) {
            return Reply.of(200, "UTF8 is always on.");
        }
        return Reply.of(501, "OPTS " + what + " is not supported here (RETR, PASV).");
    }

    Reply dcau(String arg) {
        switch (arg.trim().toUpperCase(Locale.ROOT)) {
            case "N" -> dcau = false;
            case "A" -> dcau = true;
            default -> {
                return Reply.of(504, "DCAU " + arg + " is not supported: use DCAU A (self) or DCAU N.");
            }
        }
        return Reply.of(200, "DCAU " + arg.trim().toUpperCase(Locale.ROOT) + ".");
    }

    Reply prot(String arg) {
        switch (arg.trim().toUpperCase(Locale.ROOT)) {
            case "C" -> privacy = false;
            case "P" -> privacy = true;
            default -> {
                return Reply.of(536, "PROT " + arg + " is not supported: use PROT C or PROT P.");
            }
        }
        return Reply.of(200, "Protection level set to " + arg.trim().toUpperCase(Locale.ROOT) + ".");
    }

    Reply rest(String arg) {
        try {
            long offset = Long.parseLong(arg.trim());
            if (offset < 0) {
                throw new NumberFormatException();
            }
            restart = offset;
            return Reply.of(350, "Restarting at " + offset + ". Send RETR to start.");
        } catch (NumberFormatException e) {
            return Reply.of(501, "REST takes a byte offset (stream mode restart), not '" + arg + "'.");
        }
    }

    /** The restart offset for the next RETR, which consumes it. */
    long takeRestart() {
        long r = restart;
        restart = 0;
        return r;
    }

    boolean extendedMode() {
        return extendedMode;
    }

    /** Connections for the next transfer: the announced parallelism in MODE E, one in MODE S. */
    int connections() {
        return extendedMode ? parallelism : 1;
    }

    boolean dcau() {
        return dcau;
    }

    boolean privacy() {
        return privacy;
    }

    boolean delayedPassive() {
        return delayedPassive;
    }
}
