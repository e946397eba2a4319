package org.mdm.api;

import org.mdm.api.spool.Spool;

/** What the hosting SE lends a backend: the shared services it must not build itself. */
public interface BackendContext {

    /** The spool the backend writes staged files into. */
    Spool spool();
}
