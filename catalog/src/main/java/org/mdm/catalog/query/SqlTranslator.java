package org.mdm.catalog.query;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link MetadataQuery} as one SELECT over {@code md_entry} (one alias per directory)
 * and {@code md_value} (one LEFT JOIN per attribute used), in SQL that H2 2.x and PostgreSQL both
 * run. Nothing a caller wrote ever enters the SQL text: values, and the directory and attribute
 * names (already checked against the schema), are all parameters; the text holds only aliases.
 *
 * <p>int and float attributes compare as numbers ({@code CAST}) with a numeric literal or another
 * numeric attribute; everything else (varchar, timestamp, FILE, and any LIKE) compares as the stored
 * text. A missing value is SQL NULL: it matches no comparison, negated or not.
 */
final class SqlTranslator {
    /** LIKE's escape character, given explicitly so both databases read {@code \%} and {@code \_} alike. */
    private static final String LIKE_ESCAPE = " ESCAPE '\\'";

    private final MetadataQuery query;
    private final Map<String, String> entryAlias = new LinkedHashMap<>();
    private final Map<String, String> valueAlias = new LinkedHashMap<>();
    private final List<Object> parameters = new ArrayList<>();
    private final StringBuilder sql = new StringBuilder();

    private SqlTranslator(MetadataQuery query) {
        this.query = query;
    }

    static SqlQuery translate(MetadataQuery query) {
        return new SqlTranslator(query).build();
    }

    private SqlQuery build() {
        for (String dir : query.directories()) {
            entryAlias.put(dir, "e" + entryAlias.size());
        }
        List<Operand.Attribute> used = new ArrayList<>(query.selected());
        query.condition().ifPresent(c -> used.addAll(MetadataQuery.attributes(c)));
        for (Operand.Attribute a : used) {
            if (!a.isFile()) {
                valueAlias.putIfAbsent(a.toString(), "v" + valueAlias.size());
            }
        }
        select();
        from();
        where();
        sql.append(" ORDER BY ").append(String.join(", ", entryAlias.values().stream().map(e -> e + ".name").toList()));
        return new SqlQuery(sql.toString(), parameters, entryAlias.size(), query.selected().size());
    }

    private void select() {
        List<String> columns = new ArrayList<>();
        entryAlias.values().forEach(e -> {
            columns.add(e + ".name");
            columns.add(e + ".owner_dn");
        });
        query.selected().forEach(a -> columns.add(text(a)));
        sql.append("SELECT ").append(String.join(", ", columns));
    }

    /** Each directory's entries, each followed by the LEFT JOINs of its attributes' values. */
    private void from() {
        boolean first = true;
        for (Map.Entry<String, String> e : entryAlias.entrySet()) {
            sql.append(first ? " FROM md_entry " : " CROSS JOIN md_entry ").append(e.getValue());
            first = false;
            for (Map.Entry<String, String> v : valueAlias.entrySet()) {
                int colon = v.getKey().lastIndexOf(':');
                if (v.getKey().substring(0, colon).equals(e.getKey())) {
                    String alias = v.getValue();
                    sql.append(" LEFT JOIN md_value ").append(alias).append(" ON ").append(alias).append(".dir = ")
                            .append(e.getValue()).append(".dir AND ").append(alias).append(".entry = ")
                            .append(e.getValue()).append(".name AND ").append(alias).append(".attr = ?");
                    parameters.add(v.getKey().substring(colon + 1));
                }
            }
        }
    }

    private void where() {
        List<String> terms = new ArrayList<>();
        for (Map.Entry<String, String> e : entryAlias.entrySet()) {
            terms.add(e.getValue() + ".dir = ?");
            parameters.add(e.getKey());
        }
        sql.append(" WHERE ").append(String.join(" AND ", terms));
        query.condition().ifPresent(c -> {
            sql.append(" AND ");
            condition(c);
        });
    }

    private void condition(Condition c) {
        if (c instanceof Condition.And and) {
            binary(and.left(), " AND ", and.right());
        } else if (c instanceof Condition.Or or) {
            binary(or.left(), " OR ", or.right());
        } else if (c instanceof Condition.Not not) {
            sql.append("(NOT ");
            condition(not.inner());
            sql.append(')');
        } else {
            comparison((Condition.Comparison) c);
        }
    }

    private void binary(Condition left, String op, Condition right) {
        sql.append('(');
        condition(left);
        sql.append(op);
        condition(right);
        sql.append(')');
    }

    private void comparison(Condition.Comparison c) {
        boolean numeric = !c.op().isLike() && isNumeric(c.left()) && isNumeric(c.right());
        AttributeType numericType = numericType(c);
        sql.append('(');
        operand(c.left(), numeric, numericType);
        sql.append(' ').append(c.op().sql()).append(' ');
        operand(c.right(), numeric, numericType);
        if (c.op().isLike()) {
            sql.append(LIKE_ESCAPE);
        }
        sql.append(')');
    }

    /** A literal counts as numeric here: the parser has already refused a non-number beside a numeric attribute. */
    private static boolean isNumeric(Operand o) {
        return !(o instanceof Operand.Attribute a) || a.type().numeric();
    }

    /** The type a numeric literal is bound as: that of the attribute it is compared with. */
    private static AttributeType numericType(Condition.Comparison c) {
        Operand o = c.left() instanceof Operand.Attribute ? c.left() : c.right();
        return ((Operand.Attribute) o).type();
    }

    private void operand(Operand o, boolean numeric, AttributeType type) {
        if (o instanceof Operand.Attribute a) {
            sql.append(numeric ? number(a) : text(a));
        } else {
            Operand.Literal literal = (Operand.Literal) o;
            sql.append('?');
            parameters.add(numeric ? bind(ConditionParser.number(literal.text()), type) : literal.text());
        }
    }

    private String text(Operand.Attribute a) {
        return a.isFile() ? entryAlias.get(a.dir()) + ".name" : valueAlias.get(a.toString()) + ".val";
    }

    /**
     * The stored text cast to a number, guarded by the attribute's name: the database may evaluate
     * the WHERE before the join's ON, and must never cast another attribute's text.
     */
    private String number(Operand.Attribute a) {
        String v = valueAlias.get(a.toString());
        parameters.add(a.attr());
        return "CASE WHEN " + v + ".attr = ? THEN CAST(" + v + ".val AS " + a.type().sqlType() + ") END";
    }

    private static Object bind(BigDecimal value, AttributeType type) {
        if (type == AttributeType.FLOAT) {
            return value.doubleValue();
        }
        try {
            return value.longValueExact();
        } catch (ArithmeticException fractionOrTooLarge) {
            return value; // compared exactly: 255.5 against a BIGINT
        }
    }
}
