package org.mdm.spool;

import java.util.Map;
import java.util.Set;
import org.mdm.api.MdmException;
import org.mdm.api.spool.Spool;
import org.mdm.api.spool.SpoolProvider;

/**
 * Opens spools of type {@code rfio}: a directory on a local file system. Keys: {@code dir}
 * (required), {@code capacity} (default 10G) and {@code min.free} (default 1G).
 */
public final class RfioSpoolProvider implements SpoolProvider {

    /** For {@link java.util.ServiceLoader}. */
    public RfioSpoolProvider() {
        // stateless
    }

    @Override
    public String type() {
        return "rfio";
    }

    @Override
    public Set<String> configKeys() {
        return SpoolConfig.KEYS;
    }

    @Override
    public Spool open(Map<String, String> config) throws MdmException {
        return RfioSpool.open(SpoolConfig.parse(config));
    }
}
