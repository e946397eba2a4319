package org.mdm.md.client;

/** Receives the rows of one answer, in order, as they arrive. */
@FunctionalInterface
public interface RowSink {
    /**
     * One row: a value with the wire escapes undone (an empty line, which is also how the server
     * sends a null value, is the empty string). An exception thrown here abandons the answer and
     * closes the connection, since the rest of the answer is still on the way.
     */
    void row(String value);
}
