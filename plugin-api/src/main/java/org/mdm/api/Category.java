package org.mdm.api;

/**
 * Who has to act on a failure, as in dmlite's error categories. A door uses it to decide what
 * to log at which level and whether a retry may help.
 */
public enum Category {
    /** The caller asked for something wrong or forbidden; retrying the same request will not help. */
    USER,
    /** Something outside the caller's control failed (a peer, the disk); a retry may help. */
    SYSTEM,
    /** The site's configuration is wrong; an administrator must act. */
    CONFIGURATION
}
