package org.mdm.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backends of one SE: providers found by ServiceLoader, instances created from
 * configuration, and the lookup from a PFN's scheme to the instance that serves it.
 */
public final class BackendRegistry implements AutoCloseable {
    private final Map<String, BackendProvider> providers;
    private final Map<String, Backend> bySchemes = new ConcurrentHashMap<>();
    private final List<Backend> instances = Collections.synchronizedList(new ArrayList<>());

    private BackendRegistry(Map<String, BackendProvider> providers) {
        this.providers = providers;
    }

    /** A registry of the providers visible to the given class loader. */
    public static BackendRegistry load(ClassLoader loader) {
        Map<String, BackendProvider> found = new TreeMap<>();
        for (BackendProvider provider : ServiceLoader.load(BackendProvider.class, loader)) {
            found.putIfAbsent(provider.type(), provider);
        }
        return new BackendRegistry(found);
    }

    /** The provider types found. */
    public List<String> types() {
        return List.copyOf(providers.keySet());
    }

    /**
     * Creates a backend of the given type and makes it serve its schemes.
     *
     * @throws MdmException {@link Status#CONFIGURATION_ERROR} for an unknown type, an unknown key,
     *                      or a scheme already served by another instance
     */
    public Backend create(String type, String name, Map<String, String> config, BackendContext context)
            throws MdmException {
        BackendProvider provider = providers.get(type);
        if (provider == null) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Backend '" + name + "': unknown type '" + type
                    + "'; known types: " + providers.keySet() + ". Check the backend's jar is on the classpath.");
        }
        TreeSet<String> unknown = new TreeSet<>(config.keySet());
        unknown.removeAll(provider.configKeys());
        if (!unknown.isEmpty()) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "Backend '" + name + "' (" + type
                    + "): unknown configuration keys " + unknown + "; accepted keys: "
                    + new TreeSet<>(provider.configKeys()) + ".");
        }
        Backend backend = provider.create(name, Map.copyOf(config), context);
        for (String scheme : backend.schemes()) {
            Backend previous = bySchemes.putIfAbsent(scheme, backend);
            if (previous != null) {
                backend.close();
                throw new MdmException(Status.CONFIGURATION_ERROR, "Backends '" + previous.name() + "' and '"
                        + name + "' both serve the scheme '" + scheme + "'; configure only one.");
            }
        }
        instances.add(backend);
        return backend;
    }

    /**
     * The backend that serves this PFN's scheme.
     *
     * @throws MdmException {@link Status#NOT_SUPPORTED} if no backend serves it
     */
    public Backend backendFor(Pfn pfn) throws MdmException {
        Backend backend = bySchemes.get(pfn.scheme());
        if (backend == null) {
            throw new MdmException(Status.NOT_SUPPORTED, "No backend serves the scheme '" + pfn.scheme()
                    + "' of " + pfn + "; configured schemes: " + new TreeSet<>(bySchemes.keySet()) + ".");
        }
        return backend;
    }

    /** The backends created here, in creation order (for monitoring). */
    public List<Backend> backends() {
        synchronized (instances) {
            return List.copyOf(instances);
        }
    }

    /** Closes every backend created here. */
    @Override
    public void close() {
        synchronized (instances) {
            for (Backend backend : instances) {
                backend.close();
            }
            instances.clear();
        }
        bySchemes.clear();
    }
}
