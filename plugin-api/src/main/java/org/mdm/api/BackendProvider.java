package org.mdm.api;

import java.util.Map;
import java.util.Set;

/**
 * Creates backends of one type; found with {@link java.util.ServiceLoader} (register the class
 * in {@code META-INF/services/org.mdm.api.BackendProvider}).
 */
public interface BackendProvider {

    /** The type name used in configuration, e.g. {@code dicom}. */
    String type();

    /** Every configuration key this provider understands; the registry rejects any other. */
    Set<String> configKeys();

    /**
     * Creates a named backend from its configuration (only known keys are passed).
     *
     * @throws MdmException {@link Status#CONFIGURATION_ERROR} naming the key and what to set
     */
    Backend create(String name, Map<String, String> config, BackendContext context) throws MdmException;
}
