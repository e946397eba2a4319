package org.mdm.dicom.pipeline;

import java.util.Map;
import java.util.TreeMap;
import org.mdm.api.MdmException;
import org.mdm.api.Status;
import org.mdm.api.transform.Transform;

/** The transforms a backend instance was configured with, by the name PFNs use. */
public final class Transforms {
    private final Map<String, Transform> byName;

    /** Wraps the configured transforms. */
    public Transforms(Map<String, Transform> byName) {
        this.byName = Map.copyOf(byName);
    }

    /**
     * The transform named in a PFN.
     *
     * @throws MdmException {@link Status#INVALID_PATH} if this site has no such transform
     */
    public Transform get(String name, Object pfn) throws MdmException {
        Transform transform = byName.get(name);
        if (transform == null) {
            throw new MdmException(Status.INVALID_PATH, "PFN '" + pfn + "' asks for transform '" + name
                    + "', which this site does not offer; use one of " + new TreeMap<>(byName).keySet() + ".");
        }
        return transform;
    }
}
