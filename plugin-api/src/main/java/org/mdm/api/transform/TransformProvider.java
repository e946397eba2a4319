package org.mdm.api.transform;

import java.util.Map;
import java.util.Set;
import org.mdm.api.MdmException;

/** Creates transforms of one name; found with {@link java.util.ServiceLoader}. */
public interface TransformProvider {

    /** The transform's name, as used in PFNs. */
    String name();

    /** Every configuration key this provider understands. */
    Set<String> configKeys();

    /**
     * Creates the transform from its configuration.
     *
     * @throws MdmException {@link org.mdm.api.Status#CONFIGURATION_ERROR} for a bad value
     */
    Transform create(Map<String, String> config) throws MdmException;
}
