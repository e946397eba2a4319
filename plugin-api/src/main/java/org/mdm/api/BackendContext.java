package org.mdm.api;

import org.mdm.api.seal.Seal;
import org.mdm.api.spool.Spool;

/** What the hosting SE lends a backend: the shared services it must not build itself. */
public interface BackendContext {

    /** The spool the backend writes staged files into. */
    Spool spool();

    /** The site's seal: every staged file is encrypted with its image key before it is spooled. */
    Seal seal();

    /** A context of these two services. */
    static BackendContext of(Spool spool, Seal seal) {
        java.util.Objects.requireNonNull(spool, "spool");
        java.util.Objects.requireNonNull(seal, "seal");
        return new BackendContext() {
            @Override
            public Spool spool() {
                return spool;
            }

            @Override
            public Seal seal() {
                return seal;
            }
        };
    }
}
