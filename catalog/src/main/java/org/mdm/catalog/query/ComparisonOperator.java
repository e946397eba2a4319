package org.mdm.catalog.query;

/** The comparison operators of AMGA's condition language, with the SQL each becomes. */
public enum ComparisonOperator {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">="),
    /** SQL LIKE: {@code %} any run, {@code _} one character, {@code \} escapes the next one. */
    LIKE("LIKE"), NOT_LIKE("NOT LIKE");

    private final String sql;

    ComparisonOperator(String sql) {
        this.sql = sql;
    }

    String sql() {
        return sql;
    }

    boolean isLike() {
        return this == LIKE || this == NOT_LIKE;
    }
}
