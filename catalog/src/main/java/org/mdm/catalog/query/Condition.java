package org.mdm.catalog.query;

/** A parsed AMGA condition: comparisons combined by and, or, not. */
public sealed interface Condition permits Condition.And, Condition.Or, Condition.Not, Condition.Comparison {

    record And(Condition left, Condition right) implements Condition {}

    record Or(Condition left, Condition right) implements Condition {}

    record Not(Condition inner) implements Condition {}

    /** {@code left op right}; at least one side is an attribute (the parser refuses two literals). */
    record Comparison(Operand left, ComparisonOperator op, Operand right) implements Condition {}
}
