package org.mdm.se.gridftp;

import java.util.Locale;

/** One command line: its verb (upper case) and the rest of the line as given. */
record Command(String verb, String argument) {

    static Command parse(String line) {
        String trimmed = line.stripLeading();
        int space = trimmed.indexOf(' ');
        String verb = space < 0 ? trimmed : trimmed.substring(0, space);
        String arg = space < 0 ? "" : trimmed.substring(space + 1);
        return new Command(verb.toUpperCase(Locale.ROOT), arg);
    }

    boolean is(String name) {
        return verb.equals(name);
    }

    /** For logs: the verb only, since arguments name images (UIDs) or carry tokens. */
    String forLog() {
        return verb;
    }
}
