package org.mdm.api.transform;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/** The transform providers visible to a class loader, by name. */
public final class TransformRegistry {
    private final Map<String, TransformProvider> providers;

    private TransformRegistry(Map<String, TransformProvider> providers) {
        this.providers = providers;
    }

    /** Finds providers with ServiceLoader. */
    public static TransformRegistry load(ClassLoader loader) {
        Map<String, TransformProvider> found = new TreeMap<>();
        for (TransformProvider provider : ServiceLoader.load(TransformProvider.class, loader)) {
            found.putIfAbsent(provider.name(), provider);
        }
        return new TransformRegistry(found);
    }

    /**
     * Creates the named transform, rejecting unknown configuration keys.
     *
     * @throws MdmException {@link Status#CONFIGURATION_ERROR} for an unknown name or key
     */
    public Transform create(String name, Map<String, String> config) throws MdmException {
        TransformProvider provider = providers.get(name);
        if (provider == null) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Unknown transform '" + name + "'; known: "
                    + providers.keySet() + ".");
        }
        TreeSet<String> unknown = new TreeSet<>(config.keySet());
        unknown.removeAll(provider.configKeys());
        if (!unknown.isEmpty()) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Transform '" + name + "': unknown keys " + unknown
                    + "; accepted: " + new TreeSet<>(provider.configKeys()) + ".");
        }
        return provider.create(Map.copyOf(config));
    }

    /** The names of the transforms found. */
    public java.util.Set<String> names() {
        return providers.keySet();
    }
}
