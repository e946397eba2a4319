package org.mdm.catalog.query;

import org.mdm.api.MdmException;

/** Receives a query's matches one at a time, as they are read: nothing keeps them all. */
@FunctionalInterface
public interface RowHandler {
    /** Takes one match; false stops the query (the client went away, enough rows were sent). */
    boolean accept(MatchRow row) throws MdmException;
}
