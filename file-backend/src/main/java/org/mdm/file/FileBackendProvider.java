package org.mdm.file;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.mdm.api.Backend;
import org.mdm.api.BackendContext;
import org.mdm.api.BackendProvider;
import org.mdm.api.MdmException;
import org.mdm.api.Status;

/**
 * Creates file backends (type {@code file}). Keys: {@code root} (the directory served,
 * required) and {@code stage.threads} (default 4).
 */
public final class FileBackendProvider implements BackendProvider {
    /** The backend type name. */
    public static final String TYPE = "file";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public Set<String> configKeys() {
        return Set.of("root", "stage.threads");
    }

    @Override
    public Backend create(String name, Map<String, String> config, BackendContext context) throws MdmException {
        int threads;
        try {
            threads = Integer.parseInt(config.getOrDefault("stage.threads", "4"));
        } catch (NumberFormatException e) {
            threads = 0;
        }
        if (threads < 1 || threads > 256) {
            throw new MdmException(Status.CONFIGURATION_ERROR, "File backend '" + name + "': stage.threads = '"
                    + config.get("stage.threads") + "' must be 1..256.");
        }
        ExecutorService stagers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "file-stage-" + name);
            t.setDaemon(true);
            return t;
        });
        return new FileBackend(name, FileRoot.of(config.get("root")), context.spool(), stagers);
    }
}
