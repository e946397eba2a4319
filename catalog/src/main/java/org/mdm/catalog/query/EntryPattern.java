package org.mdm.catalog.query;

import java.util.Optional;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * getattr's PATTERN: a directory ({@code /mdm/IMAGE}: all its entries), one entry
 * ({@code /mdm/IMAGE/guid:...}), or a glob on entry names ({@code /mdm/PATIENT/*},
 * {@code /mdm/IMAGE/guid:6f1c?d*}: {@code *} any run, {@code ?} one character), as a condition
 * on the directory's FILE pseudo-attribute. A glob becomes LIKE with LIKE's own {@code %},
 * {@code _} and {@code \} escaped, so only {@code *} and {@code ?} are wildcards.
 */
public record EntryPattern(String dir, Optional<Condition> condition) {

    /** @throws MdmException INVALID_REQUEST for an unknown directory or a glob in the directory part */
    public static EntryPattern parse(String pattern, MetadataSchema schema) throws MdmException {
        String where = "getattr pattern";
        String trimmed = pattern.endsWith("/") && pattern.length() > 1 ? pattern.substring(0, pattern.length() - 1)
                : pattern;
        if (schema.hasDirectory(trimmed)) {
            return new EntryPattern(trimmed, Optional.empty());
        }
        int slash = trimmed.lastIndexOf('/');
        if (slash <= 0 || slash == trimmed.length() - 1) {
            schema.requireDirectory(trimmed, where); // names the directories there are
        }
        String dir = trimmed.substring(0, slash);
        String name = trimmed.substring(slash + 1);
        if (dir.contains("*") || dir.contains("?")) {
            throw new MdmException(Status.INVALID_REQUEST, "The getattr pattern " + pattern + " has a wildcard in its"
                    + " directory part; wildcards (* and ?) match entry names only, as in /mdm/IMAGE/guid:*.");
        }
        Operand.Attribute file = schema.attribute(dir, Operand.Attribute.FILE, where);
        boolean glob = name.contains("*") || name.contains("?");
        Condition c = new Condition.Comparison(file, glob ? ComparisonOperator.LIKE : ComparisonOperator.EQ,
                new Operand.Literal(glob ? like(name) : name, true));
        return new EntryPattern(dir, Optional.of(c));
    }

    /** The LIKE pattern of a glob; the escape character is the one the SQL gives ({@code \}). */
    static String like(String glob) {
        StringBuilder like = new StringBuilder(glob.length() + 8);
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> like.append('%');
                case '?' -> like.append('_');
                case '%', '_', '\\' -> like.append('\\').append(c);
                default -> like.append(c);
            }
        }
        return like.toString();
    }
}
