package org.mdm.md.client;

import org.mdm.api.MdmException;

/**
 * Receives what {@link Sites#run} gathers, on the caller's thread, in a stable order: the sites
 * by name, and each site's rows in its own order, then its failure if it failed.
 */
public interface SiteSink {
    /** One row of {@code site}'s answer. */
    void row(String site, String value);

    /**
     * {@code site} failed (down, refused, too slow, or its answer was an error or was cut): the
     * rows it gave before, if any, were not its whole answer. Does nothing by default; the
     * failures are also returned by {@link Sites#run}.
     */
    default void failed(String site, MdmException why) {
    }
}
