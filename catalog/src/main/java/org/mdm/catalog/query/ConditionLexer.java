package org.mdm.catalog.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Splits an AMGA condition into tokens: attribute references ({@code /mdm/IMAGE:nx}, bare
 * {@code nx}), single-quoted strings ({@code \'} and {@code \\} escapes; any other backslash is
 * kept, so {@code 'a\_b'} reaches LIKE as {@code a\_b}, a literal underscore), numbers
 * ({@code -12}, {@code 3.5}), operators, parentheses, and the keywords and/or/not/like in any case.
 */
final class ConditionLexer {
    private final String text;
    private int at;

    private ConditionLexer(String text) {
        this.text = text;
    }

    /** The tokens of {@code text}, ended by an END token. */
    static List<Token> tokens(String text) throws MdmException {
        ConditionLexer lexer = new ConditionLexer(text);
        List<Token> tokens = new ArrayList<>();
        Token t;
        do {
            t = lexer.next();
            tokens.add(t);
        } while (t.kind() != Token.Kind.END);
        return tokens;
    }

    private Token next() throws MdmException {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        int start = at;
        if (at == text.length()) {
            return new Token(Token.Kind.END, "", start + 1);
        }
        char c = text.charAt(at);
        if (c == '\'') {
            return string();
        }
        if (Character.isDigit(c) || ((c == '-' || c == '+') && at + 1 < text.length()
                && Character.isDigit(text.charAt(at + 1)))) {
            return number();
        }
        if (c == '/') {
            return qualifiedAttribute();
        }
        if (isNameStart(c)) {
            String word = name();
            return switch (word.toLowerCase(Locale.ROOT)) {
                case "and" -> new Token(Token.Kind.AND, word, start + 1);
                case "or" -> new Token(Token.Kind.OR, word, start + 1);
                case "not" -> new Token(Token.Kind.NOT, word, start + 1);
                case "like" -> new Token(Token.Kind.LIKE, word, start + 1);
                default -> new Token(Token.Kind.ATTRIBUTE, word, start + 1);
            };
        }
        return symbol(c);
    }

    private Token symbol(char c) throws MdmException {
        int start = at;
        if (c == '(' || c == ')') {
            at++;
            return new Token(c == '(' ? Token.Kind.LPAREN : Token.Kind.RPAREN, String.valueOf(c), start + 1);
        }
        for (String op : new String[] {"<=", ">=", "<>", "!=", "=", "<", ">"}) {
            if (text.startsWith(op, at)) {
                at += op.length();
                return new Token(Token.Kind.OPERATOR, op, start + 1);
            }
        }
        throw error(start, "unexpected character '" + c + "'; expected an attribute, a quoted string, a number,"
                + " an operator (= != <> < <= > >= like, not like), and/or/not or parentheses");
    }

    private Token string() throws MdmException {
        int start = at++;
        StringBuilder value = new StringBuilder();
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '\'') {
                return new Token(Token.Kind.STRING, value.toString(), start + 1);
            }
            if (c == '\\' && at < text.length() && (text.charAt(at) == '\'' || text.charAt(at) == '\\')) {
                value.append(text.charAt(at++));
            } else {
                value.append(c);
            }
        }
        throw error(start, "the quoted string starting here has no closing quote (write a quote inside a"
                + " value as \\'; in a condition that is itself in quotes, as \\\\\\')");
    }

    private Token number() throws MdmException {
        int start = at++;
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
            at++;
        }
        if (at + 1 < text.length() && text.charAt(at) == '.' && Character.isDigit(text.charAt(at + 1))) {
            at++;
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
        }
        if (at < text.length() && (isNameStart(text.charAt(at)) || text.charAt(at) == '.')) {
            throw error(start, "malformed number; expected digits with an optional decimal part, like 256 or 0.5");
        }
        return new Token(Token.Kind.NUMBER, text.substring(start, at), start + 1);
    }

    /** {@code /dir/path:attr}: a directory is a path, an attribute a name. */
    private Token qualifiedAttribute() throws MdmException {
        int start = at;
        while (at < text.length() && isPathChar(text.charAt(at))) {
            at++;
        }
        if (at == text.length() || text.charAt(at) != ':' || at + 1 == text.length()
                || !isNameStart(text.charAt(at + 1))) {
            throw error(start, "'" + text.substring(start, at) + "' is not an attribute reference; expected"
                    + " DIRECTORY:ATTRIBUTE such as /mdm/IMAGE:modality");
        }
        at++;
        name();
        return new Token(Token.Kind.ATTRIBUTE, text.substring(start, at), start + 1);
    }

    private String name() {
        int start = at;
        while (at < text.length() && (isNameStart(text.charAt(at)) || Character.isDigit(text.charAt(at)))) {
            at++;
        }
        return text.substring(start, at);
    }

    private static boolean isNameStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isPathChar(char c) {
        return isNameStart(c) || Character.isDigit(c) || c == '/' || c == '.' || c == '-';
    }

    static MdmException error(int index, String what) {
        return new MdmException(Status.INVALID_REQUEST, "Condition error at position " + (index + 1) + ": " + what + ".");
    }
}
