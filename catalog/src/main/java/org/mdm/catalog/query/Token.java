package org.mdm.catalog.query;

/** One token of a condition; {@code position} is 1-based in the condition's text. */
record Token(Kind kind, String text, int position) {

    enum Kind { ATTRIBUTE, STRING, NUMBER, OPERATOR, LPAREN, RPAREN, AND, OR, NOT, LIKE, END }

    /** The token as an error message names it: never a quoted value, which may be patient data. */
    String describe() {
        return switch (kind) {
            case STRING -> "a quoted string";
            case END -> "the end of the condition";
            case AND, OR, NOT, LIKE -> "'" + kind.name().toLowerCase(java.util.Locale.ROOT) + "'";
            default -> "'" + text + "'";
        };
    }
}
