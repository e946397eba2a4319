package org.mdm.catalog.query;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Parses AMGA's condition language into a {@link Condition} checked against the schema.
 *
 * <pre>
 * condition  := or?                          (blank: every entry)
 * or         := and ( OR and )*
 * and        := unary ( AND unary )*
 * unary      := NOT unary | '(' or ')' | comparison
 * comparison := operand ( = | != | &lt;&gt; | &lt; | &lt;= | &gt; | &gt;= | LIKE | NOT LIKE ) operand
 * operand    := /dir:attr | attr (with a default directory) | 'string' | number
 * </pre>
 *
 * <p>Hand-written recursive descent rather than a generated parser: the grammar is five rules,
 * and ANTLR or JavaCC would add a build plugin, a runtime jar and generated sources to review for
 * less code than this class; SQL expression parsers (JSqlParser) do not read {@code /dir:attr}
 * references. What a library would give for free and this class does itself: error positions
 * (kept on every token) and bounds (length, nesting).
 */
public final class ConditionParser {
    /** Longest condition accepted: AMGA conditions are one command line. */
    public static final int MAX_LENGTH = 4096;
    /** Deepest nesting of parentheses and {@code not}, so a crafted condition cannot exhaust the stack. */
    public static final int MAX_DEPTH = 32;

    private final MetadataSchema schema;
    private final String defaultDirectory;
    private List<Token> tokens;
    private int at;
    private int depth;

    /** A parser resolving names against {@code schema}; bare names belong to {@code defaultDirectory} (may be null). */
    public ConditionParser(MetadataSchema schema, String defaultDirectory) {
        this.schema = schema;
        this.defaultDirectory = defaultDirectory;
    }

    /**
     * The condition {@code text} means; empty for a blank condition (every entry matches).
     *
     * @throws MdmException INVALID_REQUEST naming the position, what was found and what was expected
     */
    public Optional<Condition> parse(String text) throws MdmException {
        if (text.length() > MAX_LENGTH) {
            throw new MdmException(Status.INVALID_REQUEST, "The condition has " + text.length()
                    + " characters; at most " + MAX_LENGTH + " are accepted. Split the query.");
        }
        tokens = ConditionLexer.tokens(text);
        at = 0;
        depth = 0;
        if (peek().kind() == Token.Kind.END) {
            return Optional.empty();
        }
        Condition condition = or();
        if (peek().kind() != Token.Kind.END) {
            throw expected("'and', 'or' or the end of the condition");
        }
        return Optional.of(condition);
    }

    /**
     * One attribute reference as {@code selectattr} and {@code getattr} name them: {@code /dir:attr},
     * or a bare {@code attr} of the default directory.
     */
    public Operand.Attribute attribute(String reference) throws MdmException {
        tokens = ConditionLexer.tokens(reference);
        at = 0;
        Token t = take();
        if (t.kind() != Token.Kind.ATTRIBUTE || peek().kind() != Token.Kind.END) {
            throw new MdmException(Status.INVALID_REQUEST, "'" + reference + "' is not an attribute; expected"
                    + " DIRECTORY:ATTRIBUTE such as /mdm/IMAGE:modality" + (defaultDirectory != null
                    ? " or an attribute name of " + defaultDirectory : "") + ".");
        }
        return resolve(t, "Selected attribute '" + reference + "'");
    }

    private Condition or() throws MdmException {
        Condition left = and();
        while (peek().kind() == Token.Kind.OR) {
            take();
            left = new Condition.Or(left, and());
        }
        return left;
    }

    private Condition and() throws MdmException {
        Condition left = unary();
        while (peek().kind() == Token.Kind.AND) {
            take();
            left = new Condition.And(left, unary());
        }
        return left;
    }

    private Condition unary() throws MdmException {
        Token t = peek();
        if (t.kind() == Token.Kind.NOT || t.kind() == Token.Kind.LPAREN) {
            if (++depth > MAX_DEPTH) {
                throw ConditionLexer.error(t.position() - 1, "nested deeper than " + MAX_DEPTH
                        + " levels of parentheses and 'not'; simplify the condition");
            }
            take();
            Condition inner;
            if (t.kind() == Token.Kind.NOT) {
                inner = new Condition.Not(unary());
            } else {
                inner = or();
                if (peek().kind() != Token.Kind.RPAREN) {
                    throw expected("')' closing the '(' at position " + t.position());
                }
                take();
            }
            depth--;
            return inner;
        }
        return comparison();
    }

    private Condition comparison() throws MdmException {
        Token leftToken = peek();
        Operand left = operand();
        ComparisonOperator op = operator();
        Operand right = operand();
        if (!(left instanceof Operand.Attribute) && !(right instanceof Operand.Attribute)) {
            throw ConditionLexer.error(leftToken.position() - 1, "this comparison has no attribute on either side;"
                    + " expected an attribute such as /mdm/IMAGE:nx on one side");
        }
        checkTypes(left, right, op, leftToken);
        return new Condition.Comparison(left, op, right);
    }

    private Operand operand() throws MdmException {
        Token t = peek();
        return switch (t.kind()) {
            case ATTRIBUTE -> resolve(take());
            case STRING -> new Operand.Literal(take().text(), true);
            case NUMBER -> new Operand.Literal(take().text(), false);
            default -> throw expected("an attribute (DIRECTORY:ATTRIBUTE), a quoted string or a number");
        };
    }

    private ComparisonOperator operator() throws MdmException {
        Token t = peek();
        if (t.kind() == Token.Kind.LIKE) {
            take();
            return ComparisonOperator.LIKE;
        }
        if (t.kind() == Token.Kind.NOT && tokens.get(at + 1).kind() == Token.Kind.LIKE) {
            take();
            take();
            return ComparisonOperator.NOT_LIKE;
        }
        if (t.kind() != Token.Kind.OPERATOR) {
            throw expected("an operator (= != <> < <= > >= like, not like)");
        }
        take();
        return switch (t.text()) {
            case "=" -> ComparisonOperator.EQ;
            case "!=", "<>" -> ComparisonOperator.NE;
            case "<" -> ComparisonOperator.LT;
            case "<=" -> ComparisonOperator.LE;
            case ">" -> ComparisonOperator.GT;
            default -> ComparisonOperator.GE;
        };
    }

    private Operand.Attribute resolve(Token t) throws MdmException {
        return resolve(t, "Condition position " + t.position());
    }

    private Operand.Attribute resolve(Token t, String where) throws MdmException {
        int colon = t.text().lastIndexOf(':');
        if (colon >= 0) {
            return schema.attribute(t.text().substring(0, colon), t.text().substring(colon + 1), where);
        }
        if (defaultDirectory == null) {
            throw ConditionLexer.error(t.position() - 1, "'" + t.text() + "' names no directory, and this query has"
                    + " no default one; write DIRECTORY:ATTRIBUTE such as /mdm/IMAGE:" + t.text());
        }
        return schema.attribute(defaultDirectory, t.text(), where);
    }

    /** A numeric attribute compared with a literal needs a number (quoted or not): AMGA's typed columns. */
    private static void checkTypes(Operand left, Operand right, ComparisonOperator op, Token at) throws MdmException {
        if (op.isLike()) {
            return; // LIKE matches the stored text, whatever the type
        }
        Operand.Attribute attribute = left instanceof Operand.Attribute a ? a : (Operand.Attribute) right;
        Operand other = attribute == left ? right : left;
        if (attribute.type().numeric() && other instanceof Operand.Literal literal && number(literal.text()) == null) {
            throw ConditionLexer.error(at.position() - 1, attribute + " is of type " + attribute.type().schemaName()
                    + " and is compared with a value that is not a number");
        }
    }

    /** The number {@code text} is, or null. */
    static BigDecimal number(String text) {
        String t = text.trim();
        if (!t.matches("[+-]?\\d{1,30}(\\.\\d{1,30})?")) {
            return null;
        }
        return new BigDecimal(t);
    }

    private Token peek() {
        return tokens.get(at);
    }

    private Token take() {
        return tokens.get(at++);
    }

    private MdmException expected(String what) {
        Token t = peek();
        return ConditionLexer.error(t.position() - 1, "found " + t.describe() + ", expected " + what);
    }
}
