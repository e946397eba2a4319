package org.mdm.cli;

import java.io.PrintWriter;
import org.mdm.api.MdmException;
import org.mdm.md.client.RowValues;
import org.mdm.md.client.SiteSink;

/**
 * Prints the rows of {@code mdm query} as they come, one per line: labelled {@code site: } when
 * more than one site was asked (decided before any answer, since rows are printed as they
 * stream), line breaks and control characters in values written as the wire escapes them
 * ({@code \n}, {@code \\}...) so that one row stays one line. Failures go to the error stream.
 */
final class QueryPrinter implements SiteSink {
    private final PrintWriter out;
    private final PrintWriter err;
    private final String errorPrefix;
    private final boolean labelled;

    QueryPrinter(PrintWriter out, PrintWriter err, String errorPrefix, boolean labelled) {
        this.out = out;
        this.err = err;
        this.errorPrefix = errorPrefix;
        this.labelled = labelled;
    }

    @Override
    public void row(String site, String value) {
        out.println(labelled ? site + ": " + RowValues.escape(value) : RowValues.escape(value));
    }

    @Override
    public void failed(String site, MdmException why) {
        out.flush();
        err.println(errorPrefix + why.getMessage());
        err.flush();
    }
}
