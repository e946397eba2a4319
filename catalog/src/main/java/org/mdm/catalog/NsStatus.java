package org.mdm.catalog;

/** Where a name-space entry stands; only ONLINE files are served. */
public enum NsStatus {
    /** Being registered: not visible to readers until ONLINE. */
    REGISTERING,
    /** Registered and served. */
    ONLINE,
    /** Registration failed; kept only until the journal rolls it back. */
    FAILED,
    /** Being unregistered (its key may be gone already): no longer served; mdm unregister finishes it. */
    UNREGISTERING
}
