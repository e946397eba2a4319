package org.mdm.api.spool;

import java.util.Map;
import java.util.Set;
import org.mdm.api.MdmException;

/** Opens spools of one type; found with {@link java.util.ServiceLoader}. */
public interface SpoolProvider {

    /** The type name used in configuration, e.g. {@code rfio}. */
    String type();

    /** Every configuration key this provider understands. */
    Set<String> configKeys();

    /**
     * Opens (and recovers, after a restart) a spool.
     *
     * @throws MdmException {@link org.mdm.api.Status#CONFIGURATION_ERROR} for a bad value
     */
    Spool open(Map<String, String> config) throws MdmException;
}
