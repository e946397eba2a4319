package org.mdm.dicom.net;

/** How objects are pulled from a server. */
public enum RetrieveMethod {
    /** C-GET: objects come back on the same (pooled) association. The default. */
    GET,
    /**
     * C-MOVE: the server opens an association to our Store SCP, which must be listed in the
     * server's configuration (AE title, host, port) as a move destination.
     */
    MOVE
}
