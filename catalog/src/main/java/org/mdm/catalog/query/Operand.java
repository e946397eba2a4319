package org.mdm.catalog.query;

/** One side of a comparison: an attribute of a directory's entries, or a literal value. */
public sealed interface Operand permits Operand.Attribute, Operand.Literal {

    /**
     * {@code dir:attr}, checked against the schema; {@code attr} {@link #FILE} is the entry's own
     * name, which AMGA offers as a pseudo-attribute of every directory.
     */
    record Attribute(String dir, String attr, AttributeType type) implements Operand {
        public static final String FILE = "FILE";

        public boolean isFile() {
            return attr.equals(FILE);
        }

        @Override
        public String toString() {
            return dir + ":" + attr;
        }
    }

    /** A literal as written: quoted text (escapes already undone) or an unquoted number. */
    record Literal(String text, boolean quoted) implements Operand {
        @Override
        public String toString() {
            return quoted ? "a quoted string" : "the number " + text; // never a quoted value: it may be patient data
        }
    }
}
