package org.mdm.catalog.query;

import java.util.Locale;

/** The type of a metadata attribute, as {@code md_attribute.type} names it; decides how a condition compares it. */
public enum AttributeType {
    VARCHAR, INT, FLOAT, TIMESTAMP;

    /** The type named {@code text} in the schema; an unknown name is compared as text (the safe reading). */
    static AttributeType of(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "int" -> INT;
            case "float" -> FLOAT;
            case "timestamp" -> TIMESTAMP;
            default -> VARCHAR;
        };
    }

    /** Whether values compare as numbers (CAST) rather than as text. */
    boolean numeric() {
        return this == INT || this == FLOAT;
    }

    /** The SQL type a stored value is cast to for a numeric comparison. */
    String sqlType() {
        return this == INT ? "BIGINT" : "DOUBLE PRECISION";
    }

    String schemaName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
